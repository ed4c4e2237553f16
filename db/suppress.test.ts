import { describe, expect, it } from 'vitest';
import { auditLine, buildTables, protectLine, suppressTables, viewOf, type Cell, type Line, type LineProblem } from './suppress';
import type { PeriodStats } from './stats';
import { prng } from './test/generate-sessions';

const cell = (count: number, suppressed = false): Cell => ({ dims: [], count, suppressed, primary: suppressed });

/**
 * An independent attacker: tries every value 0..max for every suppressed cell
 * of a line and keeps the assignments where both sides add up the same.
 * Returns, per suppressed cell, every value it could have.
 */
function attack(line: Line, max: number): Map<Cell, Set<number>> | null {
  const hidden = [...line.a, ...line.b].filter((c) => c.suppressed);
  const known = (side: Cell[]) => side.filter((c) => !c.suppressed).reduce((s, c) => s + c.count, 0);
  const sideOf = new Map<Cell, number>([...line.a.map((c) => [c, 1] as const), ...line.b.map((c) => [c, -1] as const)]);
  const seen = new Map<Cell, Set<number>>(hidden.map((c) => [c, new Set<number>()]));
  const values = new Array<number>(hidden.length).fill(0);
  let feasible = false;
  const target = known(line.b) - known(line.a); // sum(hidden a) - sum(hidden b)
  const walk = (i: number, acc: number): void => {
    if (i === hidden.length) {
      if (acc !== target) return;
      feasible = true;
      hidden.forEach((c, j) => seen.get(c)!.add(values[j]!));
      return;
    }
    for (let v = 0; v <= max; v++) {
      values[i] = v;
      walk(i + 1, acc + sideOf.get(hidden[i]!)! * v);
    }
  };
  walk(0, 0);
  return feasible ? seen : null;
}

/** What the attacker can prove, in auditLine's words, per side. */
function attackerFindings(line: Line, k: number): Set<string> {
  const found = new Set<string>();
  const m1 = attack(line, 45)!;
  const m2 = attack(line, k - 1);
  for (const side of ['a', 'b'] as const) {
    const cells = line[side].filter((c) => c.suppressed);
    if (cells.length === 0) continue;
    const r1 = [...m1.get(cells[0]!)!];
    // Cells on one side are interchangeable: each can take the same values.
    for (const c of cells) expect([...m1.get(c)!].sort()).toEqual([...r1].sort());
    if (r1.length === 1) found.add(`${side}:derivable`);
    else if (Math.max(...r1) < k - 1) found.add(`${side}:bounded`);
    else if (m2 && m2.get(cells[0]!)!.size === 1) found.add(`${side}:derivable_if_small`);
  }
  return found;
}

const findings = (problems: LineProblem[]) => new Set(problems.map((p) => `${p.side}:${p.kind}`));

function randomLine(rand: () => number, k: number): Line {
  const draw = (): Cell => {
    const r = rand();
    return r < 0.45 ? cell(Math.floor(rand() * k), true) : cell(k + Math.floor(rand() * 8));
  };
  // Two sides that count the same total: build side a, then split its total over side b.
  for (;;) {
    const a = Array.from({ length: 1 + Math.floor(rand() * 3) }, draw);
    const total = a.reduce((s, c) => s + c.count, 0);
    const nb = 1 + Math.floor(rand() * 3);
    const cuts = Array.from({ length: nb - 1 }, () => Math.floor(rand() * (total + 1))).sort((x, y) => x - y);
    const parts = [...cuts, total].map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]!));
    const b = parts.map((v) => cell(v, v < k));
    if ([...a, ...b].filter((c) => c.suppressed).length <= 3) return { name: 'random', a, b };
  }
}

describe('auditLine against an attacker who tries every value', () => {
  it('finds exactly what brute force finds, on 150 random lines', () => {
    const rand = prng(2024);
    const k = 5;
    let problemsSeen = 0;
    for (let i = 0; i < 150; i++) {
      const line = randomLine(rand, k);
      const audit = findings(auditLine(viewOf(line), k));
      problemsSeen += audit.size;
      expect({ line: viewOf(line), found: [...audit].sort() }).toEqual({ line: viewOf(line), found: [...attackerFindings(line, k)].sort() });
    }
    expect(problemsSeen).toBeGreaterThan(20); // the sample does contain leaky lines
  });

  it('after protectLine, the attacker can pin nothing and bound nothing below k-1', () => {
    const rand = prng(99);
    const k = 5;
    let added = 0;
    for (let i = 0; i < 150; i++) {
      const line = randomLine(rand, k);
      added += protectLine(line, k);
      expect(auditLine(viewOf(line), k)).toEqual([]);
      expect(attackerFindings(line, k)).toEqual(new Set());
    }
    expect(added).toBeGreaterThan(10);
  });
});

describe('recovering a suppressed cell from totals', () => {
  it('works against primary suppression alone, and fails once complementary suppression has run', () => {
    const k = 11;
    // 33 sessions had this outcome: 30 in one cell, 3 in another; durations put all 33 in one bucket.
    const small = cell(3, true);
    const line: Line = { name: 'outcome=resolved', a: [cell(30), small], b: [cell(33)] };
    // The attack: 33 - 30 = 3.
    expect([...attack(line, 45)!.get(small)!]).toEqual([3]);
    expect(auditLine(viewOf(line), k).map((p) => p.kind)).toEqual(['derivable']);

    expect(protectLine(line, k)).toBe(1);
    const values = attack(line, 45)!.get(small)!;
    for (let v = 0; v <= k - 1; v++) expect(values.has(v)).toBe(true);
  });

  it('totals that prove suppressed cells are tiny count as a leak too', () => {
    // 62 in total, 60 published: the two suppressed cells hold 2 sessions between them, so each is at most 2.
    const line: Line = { name: 'x', a: [cell(60), cell(1, true), cell(1, true)], b: [cell(62)] };
    expect(auditLine(viewOf(line), 11)).toMatchObject([{ side: 'a', kind: 'bounded' }]);
  });

  it('an attacker who assumes every suppressed cell is below k is checked too', () => {
    // 10 + 10 hidden on one side, 20 published on the other: if both are below 11, both are 10.
    const line: Line = { name: 'x', a: [cell(10, true), cell(10, true), cell(15)], b: [cell(35)] };
    expect(auditLine(viewOf(line), 11)).toMatchObject([{ side: 'a', kind: 'derivable_if_small' }]);
    protectLine(line, 11);
    expect(auditLine(viewOf(line), 11)).toEqual([]);
  });
});

const FIXTURE_PACK = { packId: 'fixture_pack', packVersion: '1.0.0' };

function statsOf(partial: Partial<PeriodStats>): PeriodStats {
  return {
    period: { from: '2026-03-01', to: '2026-03-02' },
    outcomes: [],
    durations: [],
    steps: [],
    features: [],
    packVersions: [{ packId: 'fixture_pack', version: '1.0.0' }],
    universe: { causes: ['network', 'outage'], steps: [{ cause: 'network', step: 'switch' }] },
    sessions: 0,
    ...partial,
  };
}

describe('buildTables and suppressTables', () => {
  it('lists every cell the dimensions allow, zeros included, in a fixed order', () => {
    const t = buildTables(statsOf({}));
    expect(t.outcomes).toHaveLength(2 * 3 * 3 * 7 * 2); // days x locales x ('' + 2 causes) x outcomes x modes
    expect(t.outcomes[0]!.dims).toEqual(['2026-03-01', 'zh-Hans', '', 'resolved', '0', 'fixture_pack', '1.0.0']);
    expect(t.outcomes.at(-1)!.dims).toEqual(['2026-03-02', 'en', 'outage', 'timeout', '1', 'fixture_pack', '1.0.0']);
    expect(t.durations).toHaveLength(5 * 7);
    expect(t.step_funnel.map((c) => c.dims)).toEqual([
      ['network', 'switch', 'viewed'],
      ['network', 'switch', 'done'],
      ['network', 'switch', 'helped'],
    ]);
    expect(t.features.map((c) => c.dims[0])).toEqual(['large_text', 'high_contrast', 'read_aloud', 'switched_to:zh-Hans', 'switched_to:zh-Hant', 'switched_to:en']);
  });

  it('suppresses every count below k, zero included, and publishes every count of k or more', () => {
    const t = buildTables(
      statsOf({
        outcomes: [
          { day: '2026-03-01', locale: 'en', cause: 'network', outcome: 'resolved', assisted: 0, ...FIXTURE_PACK, sessions: 11 },
          { day: '2026-03-01', locale: 'en', cause: 'outage', outcome: 'resolved', assisted: 0, ...FIXTURE_PACK, sessions: 10 },
        ],
        durations: [{ bucket: '1m_3m', outcome: 'resolved', sessions: 21 }],
        features: [{ feature: 'large_text', sessions: 4 }, { feature: 'read_aloud', sessions: 12 }],
        steps: [{ cause: 'network', step: 'switch', viewed: 15, done: 11, helped: 3 }],
      }),
    );
    const report = suppressTables(t, 11);
    const all = [...t.outcomes, ...t.durations, ...t.step_funnel, ...t.features];
    for (const c of all) expect(c.suppressed || c.count >= 11).toBe(true);
    expect(all.filter((c) => !c.suppressed).map((c) => [c.dims.join(','), c.count])).toEqual([
      ['2026-03-01,en,network,resolved,0,fixture_pack,1.0.0', 11],
      ['1m_3m,resolved', 21],
      ['network,switch,viewed', 15],
      ['network,switch,done', 11],
      ['read_aloud', 12],
    ]);
    expect(report.primary).toBe(all.length - 5);
    expect(report.complementary).toBe(0);
  });

  it('adds complementary cells when a fully published side would give a small remainder away', () => {
    // Every duration bucket of "resolved" is published; the outcomes cells they match leave 3 sessions over.
    const durations = (['under_1m', '1m_3m', '3m_5m', '5m_10m', '10m_plus'] as const).map((bucket, i) => ({ bucket, outcome: 'resolved' as const, sessions: 12 + i }));
    const t = buildTables(
      statsOf({
        period: { from: '2026-03-01', to: '2026-03-01' },
        outcomes: [
          { day: '2026-03-01', locale: 'en', cause: 'network', outcome: 'resolved', assisted: 0, ...FIXTURE_PACK, sessions: 40 },
          { day: '2026-03-01', locale: 'zh-Hans', cause: 'network', outcome: 'resolved', assisted: 0, ...FIXTURE_PACK, sessions: 27 },
          { day: '2026-03-01', locale: 'zh-Hant', cause: 'outage', outcome: 'resolved', assisted: 1, ...FIXTURE_PACK, sessions: 3 },
        ],
        durations,
      }),
    );
    const report = suppressTables(t, 11);
    expect(report.complementary).toBe(1);
    // The smallest published cell on the line went: 27 (an outcomes cell) or 12 (a duration). Either way,
    // published durations minus published outcomes no longer bounds the hidden outcomes cells below k-1.
    const published = (cells: Cell[]) => cells.filter((c) => !c.suppressed && c.dims.includes('resolved')).reduce((s, c) => s + c.count, 0);
    const durationsHidden = t.durations.some((c) => c.suppressed && c.dims[1] === 'resolved' && c.count > 0);
    expect(durationsHidden || published(t.durations) - published(t.outcomes) >= 10).toBe(true);
  });
});
