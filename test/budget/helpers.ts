import { RecoveryBudget, RecoveryBudgetInputs, RecoveryBudgetModel } from '../../src';

export const TERM_NAMES = ['detect', 'decide', 'database', 'compute', 'traffic'] as const;
export type TermName = typeof TERM_NAMES[number];

/** low/high of every term, keyed by name. */
export function termRanges(budget: RecoveryBudget): Record<string, [number, number]> {
  return Object.fromEntries(budget.terms.map((t) => [t.name, [t.lowSeconds, t.highSeconds]]));
}

/** Terms whose low or high differ from the defaults when `inputs` are applied. */
export function movedTerms(inputs: RecoveryBudgetInputs): string[] {
  const base = termRanges(RecoveryBudgetModel.compute());
  const changed = termRanges(RecoveryBudgetModel.compute(inputs));
  return TERM_NAMES.filter((name) => base[name][0] !== changed[name][0] || base[name][1] !== changed[name][1]);
}
