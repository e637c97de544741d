/** The compute term: the plan's ECS step scales the standby up and the new tasks pass the target-group health checks. */
import { ALB_CHECKS_FOR_NEW_TARGET } from '../constants/aws-figures';
import { assumed, configured, documented } from '../constants/cite';
import { RecoveryBudgetDefaults as D } from '../defaults';
import { Resolved } from '../inputs/resolve';
import { SOURCES } from '../sources';
import { RecoveryBudgetInputs, RecoveryConstant, RecoveryTerm } from '../types';

export function computeTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  const standby = r.standbyMinTasks;
  const primary = r.primaryMinTasks;
  const constants: RecoveryConstant[] = [
    configured('Standby minimum tasks', standby, 'count', SOURCES.arcEcsBlock,
      'tasks the standby runs while passive', 'standbyMinTasks'),
    configured('Primary minimum tasks', primary, 'count', SOURCES.arcEcsBlock,
      'the ECS step scales the standby to a percentage of the source Region\'s task count and waits until it runs', 'primaryMinTasks'),
  ];
  const missing = Math.max(0, primary - standby);
  if (missing === 0) {
    return {
      name: 'compute',
      lowSeconds: 0,
      highSeconds: 0,
      explanation: `The standby already runs ${standby} tasks, at least the primary's ${primary}: no scaling, 0 s.`,
      constants,
    };
  }
  const pull = r.imagePullSeconds;
  const grace = r.healthCheckGracePeriodSeconds;
  const interval = r.targetGroupHealthCheckIntervalSeconds;
  const threshold = r.targetGroupHealthyThresholdCount;
  const low = pull + ALB_CHECKS_FOR_NEW_TARGET * interval;
  const high = pull + grace + threshold * interval;
  constants.push(
    assumed('Fargate provisioning and image pull', pull, D.IMAGE_PULL_SECONDS, given.imagePullSeconds !== undefined,
      SOURCES.fargateImagePull, 'Fargate caches no image: the time to pull it is directly related to the time to start the task; '
      + 'the standby pulls from its own region\'s registry (synthesis refuses a standby image in the primary region)',
      'imagePullSeconds'),
    configured('ECS health-check grace period', grace, 'seconds', SOURCES.ecsServiceParameters,
      'the time the service scheduler ignores unhealthy load-balancer health checks after a task starts: the application\'s '
      + 'start-up allowance', 'healthCheckGracePeriodSeconds'),
    configured('Target-group health-check interval', interval, 'seconds', SOURCES.albTargetHealth,
      'approximate time between health checks of an individual target (5-300 s)', 'targetGroupHealthCheckIntervalSeconds'),
    configured('Target-group healthy threshold', threshold, 'count', SOURCES.albTargetHealth,
      'consecutive successful health checks before an unhealthy target is considered healthy (2-10)', 'targetGroupHealthyThresholdCount'),
    documented('Health checks a newly registered target must pass', ALB_CHECKS_FOR_NEW_TARGET, 'count', SOURCES.albTargetHealth,
      'after your target is registered, it must pass one health check to be considered healthy'),
  );
  return {
    name: 'compute',
    lowSeconds: low,
    highSeconds: high,
    explanation: `The plan's ECS step scales the standby from ${standby} to ${primary} tasks; the ${missing} new tasks start `
      + `together while the ${standby} running ones keep serving, pulling the image from the standby region's own registry. `
      + `Low: ${pull} s provisioning and image pull + `
      + `${ALB_CHECKS_FOR_NEW_TARGET} passing target-group check x ${interval} s = ${low} s. High: ${pull} s + the whole ${grace} s `
      + `start-up allowance (health-check grace period) + ${threshold} consecutive passing checks x ${interval} s = ${high} s.`,
    constants,
  };
}
