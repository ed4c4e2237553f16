/**
 * One row per figure: value, the floor measured in the same run, their ratio,
 * the target and whether it is met. Printed as a text table and written into
 * BENCHMARKS.md.
 */

export type Unit = 'ms' | 'kB' | 'MB' | 'B' | 'x' | 'count';

export interface Row {
  /** Issue-6 measure this row belongs to (groups rows in the notes). */
  group: string;
  measure: string;
  value: number | null;
  unit: Unit;
  floor?: number | null;
  /** value / floor unless given. */
  ratio?: number | null;
  /** Human-readable target; '—' when the row is informational. */
  target: string;
  /** true = met, false = missed, null = informational / not judged. */
  pass: boolean | null;
  /** One line: how it was measured or what to watch. */
  note?: string;
}

export function fmt(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(1)} ms` : `${value.toFixed(3)} ms`;
    case 'kB':
      return `${value.toFixed(1)} kB`;
    case 'MB':
      return `${value.toFixed(2)} MB`;
    case 'B':
      return `${Math.round(value)} B`;
    case 'x':
      return `${value.toFixed(2)}x`;
    case 'count':
      return `${Math.round(value)}`;
  }
}

export function ratioOf(row: Row): number | null {
  if (row.ratio !== undefined) return row.ratio;
  if (row.value === null || row.floor === null || row.floor === undefined || row.floor === 0) return null;
  return row.value / row.floor;
}

export function verdict(pass: boolean | null): string {
  return pass === null ? 'info' : pass ? 'PASS' : 'FAIL';
}

export function cells(row: Row): string[] {
  const ratio = ratioOf(row);
  return [
    row.measure,
    fmt(row.value, row.unit),
    row.floor === undefined ? '—' : fmt(row.floor, row.unit),
    ratio === null ? '—' : `${ratio.toFixed(2)}x`,
    row.target,
    verdict(row.pass),
  ];
}

export const HEADERS = ['measure', 'value', 'floor', 'ratio', 'target', 'result'];

export function textTable(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map((_, i) => (i === 0 || i === 4 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
  ].join('\n');
}
