/** The budget table: the term rows, then the RTO and RPO totals against the objectives and the log RPO. */
import { ObjectiveSeconds } from './check';
import { formatDuration, renderTable, TableRow } from '../format';
import { RecoveryBudget } from '../types';

export function budgetTable(budget: RecoveryBudget, { rtoSeconds, rpoSeconds }: ObjectiveSeconds): string {
  const termRows: TableRow[] = budget.terms.map((term) => ({
    label: term.name,
    low: formatDuration(term.lowSeconds),
    high: formatDuration(term.highSeconds),
    explanation: term.explanation,
  }));
  const rtoMet = budget.rtoHighSeconds <= rtoSeconds;
  const rpoMet = budget.rpo.bounded && budget.rpo.highSeconds !== undefined && budget.rpo.highSeconds <= rpoSeconds;
  const totals: TableRow[] = [
    {
      label: 'RTO',
      low: formatDuration(budget.rtoLowSeconds),
      high: formatDuration(budget.rtoHighSeconds),
      explanation: `objective rtoSeconds ${rtoSeconds} (${formatDuration(rtoSeconds)}): ${rtoMet ? 'met' : 'EXCEEDED'}; ${budget.rtoExplanation}`,
    },
    {
      label: 'RPO',
      low: formatDuration(budget.rpo.lowSeconds),
      high: budget.rpo.highSeconds === undefined ? 'unbounded' : formatDuration(budget.rpo.highSeconds),
      explanation: `objective rpoSeconds ${rpoSeconds} (${formatDuration(rpoSeconds)}): ${rpoMet ? 'met' : 'NOT MET'}; ${budget.rpo.explanation}`,
    },
    {
      label: 'log RPO',
      low: formatDuration(budget.transactionLogRpo.lowSeconds),
      high: formatDuration(budget.transactionLogRpo.highSeconds ?? 0),
      explanation: `informational, not checked: ${budget.transactionLogRpo.explanation}`,
    },
  ];
  return renderTable([termRows, totals]);
}
