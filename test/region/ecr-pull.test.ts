import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ACCOUNT, singleRegion } from './fixtures';
import { parseEcrImage } from '../../src/region/private/ecr-pull';
import { expectCompliant } from '../compliance/harness';

const ECR_URI = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/payments:1.4.2`;

describe('an image named by its ECR URI', () => {
  test('is parsed into account, region, partition and repository; other images are not ECR', () => {
    expect(parseEcrImage(ECR_URI)).toEqual({ account: ACCOUNT, region: 'eu-west-1', partition: 'aws', repositoryName: 'payments' });
    expect(parseEcrImage(`${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/team/payments@sha256:${'a'.repeat(64)}`)).toEqual({
      account: ACCOUNT, region: 'cn-north-1', partition: 'aws-cn', repositoryName: 'team/payments',
    });
    expect(parseEcrImage(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/payments`)?.repositoryName).toBe('payments');
    for (const other of ['public.ecr.aws/docker/library/busybox:1.37', 'nginx:1.27', 'ghcr.io/acme/payments:1', '12345.dkr.ecr.eu-west-1.amazonaws.com/x']) {
      expect(parseEcrImage(other)).toBeUndefined();
    }
  });

  test('gives the task execution role pull on exactly that repository, and no ECR warning remains', () => {
    const { stack, region } = singleRegion({ containerImage: ecs.ContainerImage.fromRegistry(ECR_URI) });
    const repositoryArn = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/payments`;
    expect(region.paymentService.imageRepositoryArn).toBe(repositoryArn);

    const template = Template.fromStack(stack);
    const executionRole = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] } },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p: any) =>
      p.Properties.Roles.some((r: any) => Object.keys(executionRole).includes(r.Ref)) && JSON.stringify(p).includes('ecr:'));
    expect(policies).toHaveLength(1);
    const statements = (policies[0] as any).Properties.PolicyDocument.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      { Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Effect: 'Allow', Resource: repositoryArn },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('Proper policies need to be attached'));
  });

  test('passes the compliance checks (the wildcard of GetAuthorizationToken is acknowledged with its reason)', () => {
    // A real image declares a non-root user for cfn-guard's CT.ECS.PR.3 (the placeholder runs as nobody).
    const { app } = singleRegion({ containerImage: ecs.ContainerImage.fromRegistry(ECR_URI), containerUser: '10001' });
    expect(expectCompliant(app).findings).toEqual([]);
  }, 240_000);

  test('an image from another registry gets no ECR permission', () => {
    const { stack, region } = singleRegion({ containerImage: ecs.ContainerImage.fromRegistry('ghcr.io/acme/payments:1.4.2') });
    expect(region.paymentService.imageRepositoryArn).toBeUndefined();
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'))).not.toContain('ecr:BatchGetImage');
  });
});
