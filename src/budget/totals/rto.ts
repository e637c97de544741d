/**
 * The RTO totals: detect + decide + the recovery steps, which the Region switch plan runs one after the other
 * or in parallel (`computeInParallelWithDatabase`, `trafficInParallelWithDatabase`).
 */
import { Resolved } from '../inputs/resolve';
import { RecoveryTerm } from '../types';

/** The five RTO terms. */
export interface RtoTerms {
  readonly detect: RecoveryTerm;
  readonly decide: RecoveryTerm;
  readonly database: RecoveryTerm;
  readonly compute: RecoveryTerm;
  readonly traffic: RecoveryTerm;
}

/** The RTO range and its formula in words. */
export interface RtoTotals {
  readonly rtoLowSeconds: number;
  readonly rtoHighSeconds: number;
  readonly rtoExplanation: string;
}

export function rtoTotals(r: Resolved, { detect, decide, database, compute, traffic }: RtoTerms): RtoTotals {
  const recover = (db: number, cpu: number, net: number): number => {
    const dbAndCompute = r.computeInParallelWithDatabase ? Math.max(db, cpu) : db + cpu;
    return r.trafficInParallelWithDatabase ? Math.max(dbAndCompute, net) : dbAndCompute + net;
  };
  return {
    rtoLowSeconds: detect.lowSeconds + decide.lowSeconds
      + recover(database.lowSeconds, compute.lowSeconds, traffic.lowSeconds),
    rtoHighSeconds: detect.highSeconds + decide.highSeconds
      + recover(database.highSeconds, compute.highSeconds, traffic.highSeconds),
    rtoExplanation: rtoFormula(r),
  };
}

/** The RTO sum in words, naming the steps the Region switch plan runs in parallel. */
function rtoFormula(r: Resolved): string {
  const dbAndCompute = r.computeInParallelWithDatabase ? 'max(database, compute)' : 'database + compute';
  if (r.trafficInParallelWithDatabase) {
    return r.computeInParallelWithDatabase
      ? `detect + decide + max(${dbAndCompute}, traffic): the Region switch plan runs the database, compute and traffic `
        + 'steps in one parallel execution block'
      : `detect + decide + max(${dbAndCompute}, traffic): the Region switch plan runs the traffic step in parallel with the `
        + 'database and compute steps, which run one after the other';
  }
  return r.computeInParallelWithDatabase
    ? `detect + decide + ${dbAndCompute} + traffic: the Region switch plan runs the database and compute steps in one `
      + 'parallel execution block, then the traffic step'
    : `detect + decide + ${dbAndCompute} + traffic: the Region switch plan runs the database, compute and traffic steps one `
      + 'after the other';
}
