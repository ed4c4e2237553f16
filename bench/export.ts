/**
 * Statistics export at 1,000,000 events: a seeded store (generate-sessions,
 * the bundled pack, 59 days), then the whole export (aggregate, suppress,
 * write and fsync the files) against the bare aggregate SQL (the five
 * STATS_SQL GROUP BY queries over every raw event of the period, no roll-ups,
 * no suppression, no files).
 *
 * The judged export runs on the store as a kiosk keeps it: the product's own
 * nightly run (retention.ts rollUpOldSessions, as the retention worker calls
 * it) has rolled up every completed day of the period first, raw rows kept,
 * so the export reads the daily roll-ups. The export of the same store before
 * that run (every day from raw events: what the kiosk did before) is an info
 * row, and so is the nightly run's cost per day. Floor, judged export and
 * all-raw export are interleaved on this thread over read-only connections
 * opened like the export worker's, so the three are timed alike; the worker's
 * own wall time (thread start, tsx compile, export, verification) is reported
 * beside them.
 */
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBundledPack } from '../db/content-import';
import type { Pack } from '../db/content-schema';
import bundledPack from '../db/content/card-binding.json';
import { exportStats } from '../db/export-stats';
import { runExportInWorker } from '../db/export-worker';
import { rollUpOldSessions } from '../db/retention';
import { setSetting } from '../db/settings';
import { aggregateRawDays, STATS_SQL } from '../db/stats';
import { openStore } from '../db/store';
import { generateSessions } from '../db/test/generate-sessions';
import { openWorkerConnection } from '../db/worker-thread';
import type { Row } from './lib/report';
import { median, nowMs } from './lib/stats';
import { tempDir } from './lib/temp';

export const EXPORT_DATA = {
  /** ≈ 12.25 events per session with seed 42: just over 1,000,000 events. */
  sessions: 82_000,
  seed: 42,
  from: '2026-01-01',
  days: 59,
  period: { from: '2026-01-01', to: '2026-02-28' },
  today: '2026-03-01',
} as const;

export interface ExportStore {
  file: string;
  sessions: number;
  events: number;
  bytes: number;
  generateMs: number;
}

/** The seeded 1M-event store (same seed, same rows, every run). */
export function buildExportStore(sessions: number = EXPORT_DATA.sessions): ExportStore {
  const dir = tempDir('export');
  const file = join(dir, 'kiosk.db');
  const db = openStore(file);
  try {
    ensureBundledPack(db);
    setSetting(db, 'kiosk_pseudonym', 'branch-042');
    const t = nowMs();
    const r = generateSessions(db, { pack: bundledPack as Pack, sessions, from: EXPORT_DATA.from, days: EXPORT_DATA.days, seed: EXPORT_DATA.seed });
    const generateMs = nowMs() - t;
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { file, sessions: r.sessions, events: r.events, bytes: statSync(file).size, generateMs };
  } finally {
    db.close();
  }
}

/** Names of the files that differ between two export folders (bytes), or that only one of them has. */
function differingFiles(a: string, b: string): string[] {
  const names = [...new Set([...readdirSync(a), ...readdirSync(b)])].sort();
  return names.filter((n) => {
    try {
      return !readFileSync(join(a, n)).equals(readFileSync(join(b, n)));
    } catch {
      return true;
    }
  });
}

/**
 * The store as the kiosk keeps it: a copy of `store` after the product's nightly run, with the worker's
 * connection settings (WAL, synchronous=FULL), at noon on the export's "today" (every day of the period
 * completed, none past the default 90-day retention).
 */
function rollUpCopy(store: ExportStore): { file: string; ms: number; days: number; sessions: number; deleted: number } {
  const file = join(tempDir('export-rolled'), 'kiosk.db');
  copyFileSync(store.file, file);
  const db = openWorkerConnection({ file });
  try {
    const t = nowMs();
    const r = rollUpOldSessions(db, { now: new Date(`${EXPORT_DATA.today}T12:00:00.000Z`) });
    const ms = nowMs() - t;
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { file, ms, days: r.rolledUp.days.length, sessions: r.rolledUp.sessions, deleted: r.deleted.sessions };
  } finally {
    db.close();
  }
}

export async function measureExport(store: ExportStore, options: { repeats?: number } = {}): Promise<Row[]> {
  const repeats = options.repeats ?? 3;
  const out = tempDir('export-out');
  const opts = { from: EXPORT_DATA.period.from, to: EXPORT_DATA.period.to, today: EXPORT_DATA.today };
  const rolledUp = rollUpCopy(store);

  const raw = openWorkerConnection({ file: store.file, readonly: true });
  const kiosk = openWorkerConnection({ file: rolledUp.file, readonly: true });
  const floor: number[] = [];
  const judged: number[] = [];
  const allRaw: number[] = [];
  const perQuery: Record<string, number[]> = {};
  try {
    // Warm the page caches and the statement caches once, untimed.
    aggregateRawDays(raw, EXPORT_DATA.period);
    exportStats(raw, join(out, 'warm-raw'), opts);
    exportStats(kiosk, join(out, 'warm-kiosk'), opts);
    for (let i = 0; i < repeats; i++) {
      let t = nowMs();
      aggregateRawDays(raw, EXPORT_DATA.period);
      floor.push(nowMs() - t);
      t = nowMs();
      exportStats(kiosk, join(out, `kiosk-${i}`), opts);
      judged.push(nowMs() - t);
      t = nowMs();
      exportStats(raw, join(out, `raw-${i}`), opts);
      allRaw.push(nowMs() - t);
    }
    // Where the floor's time goes, query by query (for the notes).
    const p = { from: EXPORT_DATA.period.from, until: EXPORT_DATA.today };
    for (const name of ['outcomes', 'durations', 'steps', 'features', 'packs'] as const) {
      const stmt = raw.prepare(STATS_SQL[name]);
      perQuery[name] = [];
      for (let i = 0; i < repeats; i++) {
        const t = nowMs();
        stmt.all(p);
        perQuery[name].push(nowMs() - t);
      }
    }
  } finally {
    raw.close();
    kiosk.close();
  }
  const differing = differingFiles(join(out, 'kiosk-0'), join(out, 'raw-0'));
  const t = nowMs();
  const result = await runExportInWorker({ file: rolledUp.file, outDir: join(out, 'worker'), options: opts });
  const workerMs = nowMs() - t;

  const value = median(judged);
  const base = median(floor);
  const breakdown = Object.entries(perQuery)
    .map(([k, v]) => `${k} ${median(v).toFixed(0)}`)
    .join(', ');
  const events = store.events.toLocaleString('en-US');
  const identical = differing.length === 0 ? 'files and manifest byte-identical to the all-raw export' : `DIFFERENT from the all-raw export: ${differing.join(', ')}`;
  return [
    {
      group: 'statistics export',
      measure: `statistics export, ${events} events (aggregate+suppress+write)`,
      value,
      unit: 'ms',
      floor: base,
      target: '≤ 1.5x and < 1000 ms',
      pass: value / base <= 1.5 && value < 1000 && differing.length === 0,
      note:
        `median of ${repeats}, main thread, warm page cache, on the store as the kiosk keeps it: the product's nightly roll-up ` +
        `(retention.ts) has rolled up all ${rolledUp.days} completed days of the period first, raw rows kept, so the export reads the roll-ups; ` +
        `${identical}; floor = the five STATS_SQL GROUP BY queries over all raw events (ms: ${breakdown})`,
    },
    {
      group: 'statistics export',
      measure: 'statistics export in its worker thread (wall)',
      value: workerMs,
      unit: 'ms',
      target: '—',
      pass: null,
      note: `runExportInWorker on the rolled-up store: thread start + tsx compile + export + verifyExport (${result.problems.length} problems); the kiosk's main thread only waits`,
    },
    {
      group: 'statistics export',
      measure: 'the same export with every day read from raw events (before the nightly roll-up)',
      value: median(allRaw),
      unit: 'ms',
      floor: base,
      target: '—',
      pass: null,
      note: `the same seeded store before its nightly run, median of ${repeats} interleaved with the judged export: what the export cost before completed days were rolled up, and what it costs for days not yet rolled up`,
    },
    {
      group: 'statistics export',
      measure: 'nightly roll-up, per completed day',
      value: rolledUp.ms / Math.max(1, rolledUp.days),
      unit: 'ms',
      target: '—',
      pass: null,
      note:
        `rollUpOldSessions at noon on ${EXPORT_DATA.today}: ${rolledUp.days} days, ${rolledUp.sessions.toLocaleString('en-US')} sessions, ${(rolledUp.ms / 1000).toFixed(1)} s ` +
        `(${rolledUp.deleted} raw sessions deleted: none is past retention), on this thread with the worker's connection settings; ` +
        `the kiosk runs it in the retention worker at start and after each nightly backup (03:00), each day read in a snapshot then written in one short transaction`,
    },
  ];
}
