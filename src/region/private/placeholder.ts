import * as ecs from 'aws-cdk-lib/aws-ecs';
import { acknowledge } from '../../private/compliance';

/** The placeholder image: busybox httpd (Amazon ECR Public, so no Docker Hub rate limits). */
export const PLACEHOLDER_IMAGE = 'public.ecr.aws/docker/library/busybox:1.37';
/** Memory of the placeholder's init container (taken from the task's memory). */
export const PLACEHOLDER_CONTENT_MEMORY_MIB = 64;
/** The user the placeholder web server runs as (nobody). */
export const PLACEHOLDER_USER = '65534';

/** The serving container's settings for the placeholder: httpd on `port`, as nobody, from the task volume. */
export function placeholderServerOptions(port: number): Pick<ecs.ContainerDefinitionOptions, 'entryPoint' | 'command'> {
  return { entryPoint: ['httpd'], command: ['-f', '-v', '-p', String(port), '-h', '/srv/www'] };
}

/**
 * Adds the placeholder's init container. Fargate bind mounts are owned by root (0755): a root init container
 * writes the placeholder's pages (`<healthCheckPath>` answering "ok", an index page) into the `tmp` volume and
 * exits; the web server then runs as nobody and only reads them.
 */
export function addPlaceholderContent(
  taskDefinition: ecs.TaskDefinition,
  healthCheckPath: string,
  logging: ecs.LogDriver,
): ecs.ContainerDefinition {
  const content = taskDefinition.addContainer('PlaceholderContent', {
    image: ecs.ContainerImage.fromRegistry(PLACEHOLDER_IMAGE),
    entryPoint: ['sh', '-c'],
    command: [
      `mkdir -p /srv/www${dirname(healthCheckPath)} && echo ok > /srv/www${healthCheckPath} && ` +
        "echo 'placeholder payment service' > /srv/www/index.html && chmod -R a+rX /srv/www",
    ],
    essential: false,
    readonlyRootFilesystem: true,
    memoryLimitMiB: PLACEHOLDER_CONTENT_MEMORY_MIB,
    logging,
  });
  content.addMountPoints({ sourceVolume: 'tmp', containerPath: '/srv', readOnly: false });
  acknowledge(taskDefinition, [
    {
      id: 'guard:ecs_task_definition_nonroot_user_check',
      reason:
        'only the placeholder\'s init container runs as root, for seconds, to write static pages into the task volume ' +
        '(Fargate bind mounts are root-owned); it has no port, no secrets, a read-only root fs and exits; the serving ' +
        'container runs as nobody. Not present with a real containerImage',
    },
  ]);
  return content;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '' : path.slice(0, i);
}
