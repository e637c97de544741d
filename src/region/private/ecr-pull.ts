import { Annotations, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { acknowledge } from '../../private/compliance';

/** A private ECR image named by its registry URI (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`). */
export interface EcrImageReference {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly repositoryName: string;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9._/-]+?)(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/;

/** The account, region and repository of a private ECR image URI, or undefined for any other image. */
export function parseEcrImage(imageName: string): EcrImageReference | undefined {
  const match = ECR_IMAGE.exec(imageName);
  if (!match) {
    return undefined;
  }
  return { account: match[1], region: match[2], partition: match[3] ? 'aws-cn' : 'aws', repositoryName: match[4] };
}

/**
 * An image given by its ECR URI (`ContainerImage.fromRegistry('…dkr.ecr…')`) gets no pull permission from
 * aws-cdk-lib, which only warns: the task would fail to start with `CannotPullContainerError`. The execution role
 * is granted pull on exactly that repository (and `ecr:GetAuthorizationToken`, which has no resource scope).
 */
export function grantEcrPull(container: ecs.ContainerDefinition): string | undefined {
  const image = Token.isUnresolved(container.imageName) ? undefined : parseEcrImage(container.imageName);
  if (!image) {
    return undefined;
  }
  const arn = `arn:${image.partition}:ecr:${image.region}:${image.account}:repository/${image.repositoryName}`;
  const repository = ecr.Repository.fromRepositoryArn(container, 'ImageRepository', arn);
  const executionRole = container.taskDefinition.obtainExecutionRole();
  repository.grantPull(executionRole);
  Annotations.of(container).acknowledgeWarning(
    '@aws-cdk/aws-ecs:ecrImageRequiresPolicy',
    `the task execution role is granted pull on ${arn}`,
  );
  acknowledge(executionRole, [
    {
      id: 'AwsSolutions-IAM5',
      appliesTo: ['Resource::*'],
      reason: 'ecr:GetAuthorizationToken has no resource-level permission; the pull actions are scoped to the image repository',
    },
  ]);
  return arn;
}
