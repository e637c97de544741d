/**
 * Text formatting of durations and of the term table. Internal helpers; the public entry points are the
 * static methods of `RecoveryBudgetModel`.
 */

/** `36s`, `7m 6s`, `15m`, `1h 2m 3s`. */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0) parts.push(`${minutes}m`);
  if (secs > 0 || parts.length === 0) parts.push(`${secs}s`);
  return parts.join(' ');
}

/** Splits `text` into lines of at most `width` characters at spaces (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length === 0) {
      line = word;
    } else if (line.length + 1 + word.length <= width) {
      line = `${line} ${word}`;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** A row of the table: a label, two value cells and a free-text explanation. */
export interface TableRow {
  readonly label: string;
  readonly low: string;
  readonly high: string;
  readonly explanation: string;
}

/** Width the explanation column is wrapped at. */
export const EXPLANATION_WIDTH = 96;

/**
 * A fixed-width table `term | low | high | explanation`: labels left-aligned, values right-aligned,
 * explanations wrapped with continuation lines under the explanation column. `groups` are separated by a rule.
 */
export function renderTable(groups: TableRow[][]): string {
  const rows = groups.flat();
  const header: TableRow = { label: 'term', low: 'low', high: 'high', explanation: 'explanation' };
  const labelWidth = Math.max(header.label.length, ...rows.map((r) => r.label.length));
  const lowWidth = Math.max(header.low.length, ...rows.map((r) => r.low.length));
  const highWidth = Math.max(header.high.length, ...rows.map((r) => r.high.length));
  const rule = `${'-'.repeat(labelWidth)}-+-${'-'.repeat(lowWidth)}-+-${'-'.repeat(highWidth)}-+-${'-'.repeat(EXPLANATION_WIDTH)}`;
  const line = (label: string, low: string, high: string, explanation: string, alignRight: boolean): string => {
    const cellLow = alignRight ? low.padStart(lowWidth) : low.padEnd(lowWidth);
    const cellHigh = alignRight ? high.padStart(highWidth) : high.padEnd(highWidth);
    return `${label.padEnd(labelWidth)} | ${cellLow} | ${cellHigh} | ${explanation}`.trimEnd();
  };
  const out: string[] = [line(header.label, header.low, header.high, header.explanation, false), rule];
  groups.forEach((group, index) => {
    if (index > 0) out.push(rule);
    for (const row of group) {
      const [first, ...rest] = wrap(row.explanation, EXPLANATION_WIDTH);
      out.push(line(row.label, row.low, row.high, first, true));
      for (const continuation of rest) out.push(line('', '', '', continuation, true));
    }
  });
  return out.join('\n');
}
