import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SustainedOutageAlarm } from '../../src/failover/sustained-outage-alarm';
import { PinnedStack } from '../../src/private/stack';

const stackOf = () => new PinnedStack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
const metric = (period = Duration.minutes(1)) => new cloudwatch.Metric({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', statistic: 'Minimum', period });

describe('SustainedOutageAlarm', () => {
  test('below 1 for N of N one-minute periods, missing data not breaching, ALARM and OK to the topic', () => {
    const stack = stackOf();
    const topic = new sns.Topic(stack, 'Topic');
    const signal = new SustainedOutageAlarm(stack, 'Signal', { metric: metric(), description: 'primary down', sustainMinutes: 4, alarmTopic: topic });
    expect(signal.sustainMinutes).toBe(4);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Period: 60,
      EvaluationPeriods: 4,
      DatapointsToAlarm: 4,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmDescription: 'primary down for 4 consecutive minutes (automatic failover signal)',
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
      OKActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
    });
  });

  test('default N is 3', () => {
    const stack = stackOf();
    new SustainedOutageAlarm(stack, 'Signal', { metric: metric(), description: 'primary down' });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });

  test('refuses a metric whose period is not one minute, and N outside 3-15', () => {
    expect(() => new SustainedOutageAlarm(stackOf(), 'Signal', { metric: metric(Duration.minutes(5)), description: 'x' }))
      .toThrow('metric must be a single metric with a 60 s period (the trigger counts one-minute periods), got: 300');
    expect(() => new SustainedOutageAlarm(stackOf(), 'Signal', { metric: metric(), description: 'x', sustainMinutes: 1 }))
      .toThrow('sustainMinutes must be an integer between 3 and 15 (minutes), got: 1');
  });
});
