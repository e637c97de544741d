import * as ecs from 'aws-cdk-lib/aws-ecs';
import { registryImageName, sameImageIn } from '../../src/platform/private/region-image';

describe('the standby image of a primary-region ECR image', () => {
  test.each([
    ['111111111111.dkr.ecr.us-east-1.amazonaws.com/payments:1.4.2', '111111111111.dkr.ecr.us-west-2.amazonaws.com/payments:1.4.2'],
    ['111111111111.dkr.ecr.us-east-1.amazonaws.com/team/payments@sha256:' + 'a'.repeat(64), '111111111111.dkr.ecr.us-west-2.amazonaws.com/team/payments@sha256:' + 'a'.repeat(64)],
    ['111111111111.dkr.ecr-fips.us-east-1.amazonaws.com/payments:1', '111111111111.dkr.ecr-fips.us-west-2.amazonaws.com/payments:1'],
  ])('%s is pulled in the standby as %s (same repository and tag, its own registry)', (image, standby) => {
    expect(sameImageIn(image, 'us-east-1', 'us-west-2')).toBe(standby);
  });

  test.each([
    ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/payments:1'], // another region's registry: used as given
    ['public.ecr.aws/docker/library/busybox:1.37'],
    ['docker.io/library/nginx:1.27'],
  ])('%s is not derived', (image) => {
    expect(sameImageIn(image, 'us-east-1', 'us-west-2')).toBeUndefined();
  });

  test('the name of a registry image is read; other images have none', () => {
    expect(registryImageName(ecs.ContainerImage.fromRegistry('public.ecr.aws/x/y:1'))).toBe('public.ecr.aws/x/y:1');
    expect(registryImageName(ecs.ContainerImage.fromAsset(__dirname))).toBeUndefined();
  });
});
