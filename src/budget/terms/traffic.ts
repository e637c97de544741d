/** The traffic term: Route 53 answers with the standby and cached answers of the primary expire. */
import { assumed, configured, documented } from '../constants/cite';
import { RecoveryBudgetDefaults as D } from '../defaults';
import { Resolved } from '../inputs/resolve';
import { SOURCES } from '../sources';
import { RecoveryBudgetInputs, RecoveryTerm } from '../types';

export function trafficTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  const ttl = r.dnsTtlSeconds;
  const propagation = r.dnsPropagationSeconds;
  const high = propagation + ttl;
  return {
    name: 'traffic',
    lowSeconds: 0,
    highSeconds: high,
    explanation: 'The plan\'s Route 53 health-check step marks the standby healthy and the primary unhealthy, so the failover '
      + 'records answer with the standby\'s load balancer (no Route 53 control-plane call). Low: no resolver holds a cached '
      + `answer, 0 s. High: ${propagation} s until Route 53 answers with the standby + ${ttl} s TTL of the cached primary `
      + `answer = ${high} s.`,
    constants: [
      given.dnsTtlSeconds === undefined
        ? documented('TTL of alias records to an Application Load Balancer', ttl, 'seconds', SOURCES.route53Faq,
          'to configure DNS failover for ELB endpoints you use alias records, which have a fixed TTL of 60 seconds '
          + '(an alias record to an AWS resource takes the resource\'s TTL and its TTL cannot be set)')
        : configured('TTL of the failover records', ttl, 'seconds', SOURCES.route53AliasTtl,
          'an alias record to an AWS resource takes the resource\'s TTL; a non-alias record uses the TTL you set', 'dnsTtlSeconds'),
      assumed('Route 53 answer change after the plan\'s health-check update', propagation, D.DNS_PROPAGATION_SECONDS,
        given.dnsPropagationSeconds !== undefined, SOURCES.arcRoute53Block,
        'when the plan executes, the Route 53 health check state is updated and traffic is redirected based on the DNS '
        + 'configuration', 'dnsPropagationSeconds'),
    ],
  };
}
