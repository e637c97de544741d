import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { STANDBY_REGION, twoRegions } from './fixtures';
import { build, GLOBAL_ID, only } from './pair-fixture';

describe('AuroraGlobalPair', () => {
  describe('alarms', () => {
    test('replication-lag and RPO-lag alarms watch the secondary cluster, in the standby region, thresholds from the RPO', () => {
      const b = build();
      const topic = only(b.standbyTemplate, 'AWS::SNS::Topic');
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/RDS',
        MetricName: 'AuroraGlobalDBReplicationLag',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: `${GLOBAL_ID}-secondary` }],
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 10000,
        EvaluationPeriods: 3,
        AlarmActions: [{ Ref: topic.id }],
        OKActions: [{ Ref: topic.id }],
        InsufficientDataActions: [{ Ref: topic.id }],
      });
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'AuroraGlobalDBRPOLag',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: `${GLOBAL_ID}-secondary` }],
        Threshold: 16000,
        AlarmActions: [{ Ref: topic.id }],
      });
      // Nothing alarms on the primary's (non-existent) replication metrics.
      b.primaryTemplate.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: Match.stringLikeRegexp('AuroraGlobalDB') }, 0);
      b.primaryTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CPUUtilization',
        Dimensions: Match.arrayWith([{ Name: 'DBClusterIdentifier', Value: `${GLOBAL_ID}-primary` }]),
        AlarmActions: [{ Ref: only(b.primaryTemplate, 'AWS::SNS::Topic').id }],
      });
      expect(b.pair.alarms).toHaveLength(3);
      // The alarm topics are KMS-encrypted with the region's key.
      const key = only(b.standbyTemplate, 'AWS::KMS::Key');
      expect(topic.resource.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    });

    test('a 60-second RPO sets the guardrail and scales the thresholds; alarms go to the caller\'s topics', () => {
      const regions = twoRegions();
      const primaryTopic = new sns.Topic(regions.primary, 'OpsTopic');
      const standbyTopic = new sns.Topic(regions.standby, 'OpsTopic');
      const b = build({ rpo: Duration.seconds(60), primaryAlarmTopic: primaryTopic, secondaryAlarmTopic: standbyTopic }, regions);
      b.standbyTemplate.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
        Parameters: Match.objectLike({ 'rds.global_db_rpo': '60' }),
      });
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'AuroraGlobalDBReplicationLag',
        Threshold: 30000,
        AlarmActions: [{ Ref: b.standby.getLogicalId(standbyTopic.node.defaultChild as any) }],
      });
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AuroraGlobalDBRPOLag', Threshold: 48000 });
      b.primaryTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: b.primary.getLogicalId(primaryTopic.node.defaultChild as any) }],
      });
      // No topic of the pair's own when the caller passes them.
      b.standbyTemplate.resourceCountIs('AWS::SNS::Topic', 1);
      b.primaryTemplate.resourceCountIs('AWS::SNS::Topic', 1);
    });

    test('with the guardrail off, rds.global_db_rpo is not set but the alarms stay', () => {
      const b = build({ rpoGuardrail: false });
      for (const template of [b.primaryTemplate, b.standbyTemplate]) {
        const group = only(template, 'AWS::RDS::DBClusterParameterGroup');
        expect(group.resource.Properties.Parameters).not.toHaveProperty('rds.global_db_rpo');
        expect(group.resource.Properties.Parameters['rds.force_ssl']).toBe('1');
      }
      b.standbyTemplate.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: Match.stringLikeRegexp('AuroraGlobalDB') }, 2);
    });

    test('metric helpers name the secondary cluster and the standby region', () => {
      const b = build();
      for (const [metric, name] of [
        [b.pair.metricReplicationLag(), 'AuroraGlobalDBReplicationLag'],
        [b.pair.metricRpoLag(), 'AuroraGlobalDBRPOLag'],
        [b.pair.metricProgressLag({ statistic: 'Average' }), 'AuroraGlobalDBProgressLag'],
      ] as const) {
        expect(metric.metricName).toBe(name);
        expect(metric.namespace).toBe('AWS/RDS');
        expect(metric.dimensions).toEqual({ DBClusterIdentifier: `${GLOBAL_ID}-secondary` });
        expect(metric.region).toBe(STANDBY_REGION);
      }
      expect(b.pair.metricProgressLag({ statistic: 'Average' }).statistic).toBe('Average');
      expect(b.pair.metricPrimary('CPUUtilization').dimensions).toEqual({ DBClusterIdentifier: `${GLOBAL_ID}-primary` });
    });
  });
});
