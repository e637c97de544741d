import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Props of {@link PlanExecutionNotifications}. */
export interface PlanExecutionNotificationsProps {
  /** Topic to notify (in this stack's region). */
  readonly topic: sns.ITopic;
}

/**
 * Forwards Region switch plan execution events (EventBridge source `aws.arc-region-switch`, detail type
 * `ARC Region Switch Plan Execution`) to an SNS topic. The event's fields are not documented beyond source and
 * detail type, so the rule matches the executions of every plan of the account in this region (over-notifying
 * rather than missing one); the message carries the plan ARN. Region switch has no notification execution block;
 * events are delivered in the region where the execution runs, so place one of these in each region of the plan.
 */
export class PlanExecutionNotifications extends Construct {
  /** The EventBridge rule. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: PlanExecutionNotificationsProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'ARC Region switch plan execution events to the alert topic',
      eventPattern: {
        source: ['aws.arc-region-switch'],
        detailType: ['ARC Region Switch Plan Execution'],
      },
      targets: [new targets.SnsTopic(props.topic)],
    });
    // EventBridge publishes to a topic encrypted with a customer-managed key only if the key lets it.
    props.topic.masterKey?.grant(new iam.ServicePrincipal('events.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  }
}
