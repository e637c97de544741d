import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { twoRegions } from './fixtures';
import { GLOBAL_ID, only } from './pair-fixture';
import { AuroraGlobalPair } from '../../src';

describe('AuroraGlobalPair', () => {
  describe('access', () => {
    test('grantConnect and grantConnectSecondary give rds-db:connect on each cluster for the user', () => {
      const regions = twoRegions();
      const b0 = new AuroraGlobalPair(regions.primary, 'Database', {
        primaryVpc: regions.primaryVpc,
        secondaryVpc: regions.standbyVpc,
        globalClusterIdentifier: GLOBAL_ID,
      });
      const primaryRole = new iam.Role(regions.primary, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      const standbyRole = new iam.Role(regions.standby, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      b0.grantConnect(primaryRole, 'payments_app');
      b0.grantConnectSecondary(standbyRole, 'payments_app');
      const primaryCluster = only(Template.fromStack(regions.primary), 'AWS::RDS::DBCluster');
      Template.fromStack(regions.primary).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Action: 'rds-db:connect',
              Effect: 'Allow',
              Resource: {
                'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [primaryCluster.id, 'DBClusterResourceId'] }, '/payments_app'])],
              },
            },
          ],
        },
      });
      const standbyCluster = only(Template.fromStack(regions.standby), 'AWS::RDS::DBCluster');
      Template.fromStack(regions.standby).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Action: 'rds-db:connect',
              Effect: 'Allow',
              Resource: {
                'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [standbyCluster.id, 'DBClusterResourceId'] }, '/payments_app'])],
              },
            },
          ],
        },
      });
    });

    test('connections open 5432 from a service security group in each region', () => {
      const regions = twoRegions();
      const pair = new AuroraGlobalPair(regions.primary, 'Database', {
        primaryVpc: regions.primaryVpc,
        secondaryVpc: regions.standbyVpc,
      });
      const primaryService = new ec2.SecurityGroup(regions.primary, 'Service', { vpc: regions.primaryVpc });
      const standbyService = new ec2.SecurityGroup(regions.standby, 'Service', { vpc: regions.standbyVpc });
      pair.primaryConnections.allowDefaultPortFrom(primaryService);
      pair.secondaryConnections.allowDefaultPortFrom(standbyService);
      for (const [stack, sg, service] of [
        [regions.primary, pair.primarySecurityGroup, primaryService],
        [regions.standby, pair.secondarySecurityGroup, standbyService],
      ] as const) {
        Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          GroupId: stack.resolve(sg.securityGroupId),
          SourceSecurityGroupId: stack.resolve(service.securityGroupId),
        });
      }
    });
  });
});
