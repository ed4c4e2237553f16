/**
 * Small-count suppression for the statistics export. The rule, in full
 * (also in db/EXPORT-FORMAT.md):
 *
 * 1. Full tables. Every table lists every cell its dimensions allow (every day
 *    of the period x locale x cause of the packs x outcome x mode x pack
 *    version, ...), zero or not. Which rows exist therefore depends on the
 *    period and the pack versions (listed in the manifest) only, never on the
 *    counts, and the number of suppressed rows says nothing.
 *
 * 2. Primary suppression. Every count below k, 0 included, is suppressed:
 *    written as an empty `sessions` with `suppressed` = 1. Every published
 *    count is >= k.
 *
 * 3. Totals. No table publishes totals, but two tables count the same
 *    sessions: for each outcome, the outcomes rows add up to the same number
 *    as the durations rows (both count every session with that outcome, once).
 *    Every outcomes row of the outcome is on that side, whatever its day,
 *    locale, cause, mode or pack version: the pack columns split the side into
 *    more cells, they add no equality (nothing publishes per-pack totals).
 *    That equality is the only one between published numbers (features and
 *    step_funnel are not partitions of the sessions; see EXPORT-FORMAT.md for
 *    why that leaks nothing), so each outcome forms one "line" with two sides,
 *    outcomes and durations, and the line's grand total is implicit.
 *
 * 4. Complementary suppression. For every line, an attacker who knows every
 *    published number and the equality must not be able to recover a
 *    suppressed cell. Two attackers are checked:
 *      M1 knows only that each suppressed cell is >= 0. For every suppressed
 *         cell the range of values consistent with the export must contain
 *         more than one value, and must reach k-1 (the totals must never prove
 *         that a suppressed cell is smaller than the threshold allows).
 *      M2 also assumes every suppressed cell is below k. If that assumption is
 *         consistent with the export, the range must still contain more than
 *         one value.
 *    Because the lines share no cell, each line can be solved on its own, and
 *    all suppressed cells on one side of a line share one range (they are
 *    interchangeable), so the check is exact interval arithmetic.
 *    While a line fails, the published cell of that line whose suppression
 *    leaves the fewest failures is suppressed too (ties: the smallest count).
 *    A line with every cell suppressed always passes, so this ends. (A line
 *    with an empty side, which only a period without any session and without
 *    an active pack has, passes when the other side is fully suppressed.)
 *
 * The verifier runs the same audit (auditLine) on the published files alone.
 */
import { LOCALES } from './content-schema';
import { daysOf } from './days';
import { TABLE_DIMS, TABLE_NAMES, type TableName } from './export-format';
import { OUTCOMES } from './session-event';
import { DURATION_BUCKETS, FEATURES, STAGES, type PeriodStats } from './stats';

export interface Cell {
  dims: string[];
  count: number;
  suppressed: boolean;
  /** True when suppressed for being below k, false when suppressed to protect another cell. */
  primary: boolean;
}

export type Tables = Record<TableName, Cell[]>;

/** Builds every table in full (zeros included), rows in a fixed order. */
export function buildTables(stats: PeriodStats): Tables {
  const outcomeCounts = new Map(
    stats.outcomes.map((r) => [[r.day, r.locale, r.cause, r.outcome, String(r.assisted), r.packId, r.packVersion].join('\u0000'), r.sessions]),
  );
  const durationCounts = new Map(stats.durations.map((r) => [`${r.bucket}\u0000${r.outcome}`, r.sessions]));
  const stepCounts = new Map(stats.steps.map((r) => [`${r.cause}\u0000${r.step}`, r]));
  const featureCounts = new Map(stats.features.map((r) => [r.feature as string, r.sessions]));
  const cell = (dims: string[], count: number): Cell => ({ dims, count, suppressed: false, primary: false });

  const outcomes: Cell[] = [];
  for (const day of daysOf(stats.period.from, stats.period.to)) {
    for (const locale of LOCALES) {
      for (const cause of ['', ...stats.universe.causes]) {
        for (const outcome of OUTCOMES) {
          for (const assisted of ['0', '1']) {
            for (const pv of stats.packVersions) {
              const dims = [day, locale, cause, outcome, assisted, pv.packId, pv.version];
              outcomes.push(cell(dims, outcomeCounts.get(dims.join('\u0000')) ?? 0));
            }
          }
        }
      }
    }
  }
  const durations: Cell[] = [];
  for (const b of DURATION_BUCKETS) {
    for (const outcome of OUTCOMES) durations.push(cell([b.id, outcome], durationCounts.get(`${b.id}\u0000${outcome}`) ?? 0));
  }
  const stepFunnel: Cell[] = [];
  for (const { cause, step } of stats.universe.steps) {
    const r = stepCounts.get(`${cause}\u0000${step}`);
    for (const stage of STAGES) stepFunnel.push(cell([cause, step, stage], r ? r[stage] : 0));
  }
  const features = FEATURES.map((f) => cell([f], featureCounts.get(f) ?? 0));
  return { outcomes, durations, step_funnel: stepFunnel, features };
}

// ---- the audit: exact ranges on one line ----

/** One line as published: the numbers on each side, null where suppressed. */
export interface LineView {
  name: string;
  a: readonly (number | null)[];
  b: readonly (number | null)[];
}

export interface LineProblem {
  line: string;
  side: 'a' | 'b';
  kind: 'derivable' | 'bounded' | 'derivable_if_small' | 'inconsistent';
  message: string;
}

interface Summary {
  mA: number;
  mB: number;
  pA: number;
  pB: number;
}

function summarize(view: Omit<LineView, 'name'>): Summary {
  const s: Summary = { mA: 0, mB: 0, pA: 0, pB: 0 };
  for (const v of view.a) v === null ? s.mA++ : (s.pA += v);
  for (const v of view.b) v === null ? s.mB++ : (s.pB += v);
  return s;
}

/**
 * Ranges of one suppressed cell on a side with `self` suppressed cells, facing
 * `other` suppressed cells, where (suppressed sum here) - (suppressed sum there) = d.
 */
function sideProblems(self: number, other: number, d: number, k: number): Omit<LineProblem, 'line' | 'side'>[] {
  if (self === 0) return [];
  const out: Omit<LineProblem, 'line' | 'side'>[] = [];
  // M1: cells >= 0, no upper limit.
  if (other === 0 && d < 0) {
    return [{ kind: 'inconsistent', message: `the other side's total is ${-d} smaller than this side's published cells: the totals cannot both be right` }];
  }
  const lo = self >= 2 ? 0 : Math.max(0, d);
  const hi = other >= 1 ? Infinity : d;
  if (hi <= lo) {
    out.push({ kind: 'derivable', message: `a suppressed cell can be recovered from the totals: it must be ${lo}` });
  } else if (hi < k - 1) {
    out.push({ kind: 'bounded', message: `the totals prove every suppressed cell here is at most ${hi}, below k-1 = ${k - 1}` });
  }
  // M2: cells in [0, k-1], when that assumption fits the export at all.
  const top = k - 1;
  if (out.length === 0 && d >= -other * top && d <= self * top) {
    const lo2 = Math.max(0, d - (self - 1) * top);
    const hi2 = Math.min(top, d + other * top);
    if (hi2 <= lo2) {
      out.push({ kind: 'derivable_if_small', message: `if every suppressed cell is below k, the totals fix a suppressed cell here at ${lo2}` });
    }
  }
  return out;
}

function problemsOf(s: Summary, k: number): Omit<LineProblem, 'line'>[] {
  const out: Omit<LineProblem, 'line'>[] = [];
  const d = s.pB - s.pA; // (suppressed A) - (suppressed B)
  for (const p of sideProblems(s.mA, s.mB, d, k)) out.push({ ...p, side: 'a' });
  for (const p of sideProblems(s.mB, s.mA, -d, k)) out.push({ ...p, side: 'b' });
  if (s.mA === 0 && s.mB === 0 && d !== 0) {
    out.push({ side: 'a', kind: 'inconsistent', message: `the two sides add up to ${s.pA} and ${s.pB}` });
  }
  return out;
}

/** Everything an attacker could learn about this line's suppressed cells that the rule forbids. Empty = protected. */
export function auditLine(view: LineView, k: number): LineProblem[] {
  // A side with no cell at all: outcomes.csv lists no pack version, so the period had no session (the
  // manifest says as much). Nobody to protect, as long as the other side publishes nothing.
  if (view.a.length === 0 && view.b.every((v) => v === null)) return [];
  if (view.b.length === 0 && view.a.every((v) => v === null)) return [];
  return problemsOf(summarize(view), k).map((p) => ({ ...p, line: view.name }));
}

// ---- the lines of an export ----

export interface Line {
  name: string;
  a: Cell[];
  b: Cell[];
}

/**
 * For each outcome: outcomes rows (side a) and durations rows (side b) count the same sessions. Side a is
 * every outcomes row with that outcome, across all the other dimensions (pack version included).
 */
export function linesOf(tables: Pick<Tables, 'outcomes' | 'durations'>): Line[] {
  const outcomeCol = TABLE_DIMS.outcomes.indexOf('outcome');
  const durationCol = TABLE_DIMS.durations.indexOf('outcome');
  return OUTCOMES.map((o) => ({
    name: `outcome=${o}`,
    a: tables.outcomes.filter((c) => c.dims[outcomeCol] === o),
    b: tables.durations.filter((c) => c.dims[durationCol] === o),
  }));
}

export function viewOf(line: Line): LineView {
  const v = (c: Cell) => (c.suppressed ? null : c.count);
  return { name: line.name, a: line.a.map(v), b: line.b.map(v) };
}

/** Adds complementary suppression to one line until auditLine finds nothing. Returns how many cells it suppressed. */
export function protectLine(line: Line, k: number): number {
  let added = 0;
  if (line.a.length === 0 || line.b.length === 0) {
    // See auditLine: with one side empty, the line passes once the other side publishes nothing.
    for (const cell of [...line.a, ...line.b]) {
      if (!cell.suppressed) {
        cell.suppressed = true;
        added++;
      }
    }
    return added;
  }
  let s = summarize(viewOf(line));
  let failing = problemsOf(s, k).length;
  while (failing > 0) {
    let best: { cell: Cell; side: 'a' | 'b'; failing: number } | null = null;
    for (const side of ['a', 'b'] as const) {
      for (const cell of line[side]) {
        if (cell.suppressed) continue;
        const t =
          side === 'a' ? { ...s, mA: s.mA + 1, pA: s.pA - cell.count } : { ...s, mB: s.mB + 1, pB: s.pB - cell.count };
        const f = problemsOf(t, k).length;
        if (!best || f < best.failing || (f === best.failing && cell.count < best.cell.count)) best = { cell, side, failing: f };
      }
    }
    // Unreachable: with every cell suppressed on both sides a line always passes.
    if (!best) throw new Error(`Suppression could not protect line ${line.name}.`);
    best.cell.suppressed = true;
    added++;
    s = best.side === 'a' ? { ...s, mA: s.mA + 1, pA: s.pA - best.cell.count } : { ...s, mB: s.mB + 1, pB: s.pB - best.cell.count };
    failing = best.failing;
  }
  return added;
}

export interface SuppressionReport {
  primary: number;
  complementary: number;
}

/** Applies primary then complementary suppression, in place. */
export function suppressTables(tables: Tables, k: number): SuppressionReport {
  let primary = 0;
  for (const name of TABLE_NAMES) {
    for (const c of tables[name]) {
      if (c.count < k) {
        c.suppressed = true;
        c.primary = true;
        primary++;
      }
    }
  }
  let complementary = 0;
  for (const line of linesOf(tables)) complementary += protectLine(line, k);
  return { primary, complementary };
}
