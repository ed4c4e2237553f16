/**
 * JS heap and RSS after 10,000 simulated sessions against after 100, in a
 * child process (bench/memory-child.ts) so nothing else of the bench (the
 * browser driver, the 1M-event store) is in the figures, and so it can run
 * with --expose-gc. Run twice:
 * - as the kiosk runs now (judged): the child started with the V8 flags every
 *   launcher gives the main process (electron/memory-cap.ts MAIN_V8_FLAGS), the
 *   store opened through the kiosk's own path (openKioskStore, which sets
 *   db/store.ts's 2 MB page cache);
 * - as it ran before both caps (info): no V8 flag, better-sqlite3's 16 MB page cache.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { MAIN_V8_FLAGS } from '../electron/memory-cap';
import type { Row } from './lib/report';
import { slope } from './lib/stats';

interface Sample {
  sessions: number;
  heapUsed: number;
  heapTotal: number;
  rss: number;
  newSpace: number;
}
interface ChildResult {
  total: number;
  warmup: number;
  events: number;
  elapsedMs: number;
  /** PRAGMA cache_size as the child's store connection reported it (negative: KiB). */
  cacheSize: number;
  execArgv: string[];
  samples: Sample[];
}

const ROOT = resolve(__dirname, '..');
const MB = 1024 * 1024;

function runChild(sessions: number, warmup: number, v8Flags: string[], env: Record<string, string>): ChildResult {
  const out = execFileSync(process.execPath, ['--expose-gc', ...v8Flags, '--import', 'tsx', join(__dirname, 'memory-child.ts'), String(sessions), String(warmup)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * MB,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}

/** The V8 flags the launchers pass in --js-flags, as Node command-line flags (Node hands them to V8 the same way). */
export const KIOSK_V8_FLAGS = MAIN_V8_FLAGS.split(/\s+/).filter(Boolean);

/** The last sample minus the warm-up sample, in MB: two single readings, each with its allocator noise. */
const endToEnd = (r: ChildResult, key: keyof Sample) => (r.samples.at(-1)![key] - r.samples.find((s) => s.sessions === r.warmup)![key]) / MB;

/**
 * Growth from the warm-up mark to the end as the trend of every sample in between (least squares, one
 * sample every 500 sessions), in MB. The judged figure: a leak is a slope, while malloc keeping or
 * handing back a few MB of free lists moves single readings up and down by more than the 2 MB target
 * (measured here: end minus warm-up from -4.6 to +3.5 MB across runs of the same build on 2026-12-06,
 * earlier -4.7 to +6.3 MB, the V8 heap flat within 0.5 MB each time).
 */
const growth = (r: ChildResult, key: keyof Sample) => {
  const after = r.samples.filter((s) => s.sessions >= r.warmup);
  return (slope(after.map((s) => s.sessions), after.map((s) => s[key])) * (r.total - r.warmup)) / MB;
};

/** `runs` children as the kiosk runs; the judged run is the one with the median RSS growth (growth() above). */
export function measureMemory(options: { sessions?: number; warmup?: number; runs?: number } = {}): Row[] {
  const sessions = options.sessions ?? 10_000;
  const warmup = options.warmup ?? 100;
  const runs = Math.max(1, options.runs ?? 3);
  const kioskRuns: ChildResult[] = [];
  let before: ChildResult | undefined;
  for (let i = 0; i < runs; i++) {
    kioskRuns.push(runChild(sessions, warmup, KIOSK_V8_FLAGS, {}));
    // The uncapped run in the middle, so both see the same stretch of the machine's load.
    if (i === Math.floor((runs - 1) / 2)) before = runChild(sessions, warmup, [], { BENCH_UNCAPPED: '1' });
  }
  const byRss = [...kioskRuns].sort((a, b) => growth(a, 'rss') - growth(b, 'rss'));
  const kiosk = byRss[Math.floor((byRss.length - 1) / 2)]!;
  const spread = runs > 1 ? `median of ${runs} runs (${kioskRuns.map((r) => growth(r, 'rss').toFixed(1)).join(', ')} MB), ` : '';
  const fitted = (r: ChildResult) => `the trend of ${r.samples.filter((s) => s.sessions >= r.warmup).length} samples after forced GC, one every 500 sessions (least squares)`;
  const ends = `last minus warm-up sample ${kioskRuns.map((r) => endToEnd(r, 'rss').toFixed(1)).join(', ')} MB`;
  /** The highest RSS above the warm-up mark at any sample: the end figure alone can hide a cache that filled and a free that came later. */
  const peak = (r: ChildResult) => {
    const base = r.samples.find((s) => s.sessions === r.warmup)!.rss;
    const top = r.samples.reduce((a, b) => (b.rss > a.rss ? b : a));
    return `peak ${((top.rss - base) / MB).toFixed(1)} MB at ${top.sessions.toLocaleString('en-US')} sessions`;
  };
  const youngGen = (r: ChildResult) =>
    `young generation ${(r.samples.find((s) => s.sessions === r.warmup)!.newSpace / MB).toFixed(1)} → ${(r.samples.at(-1)!.newSpace / MB).toFixed(1)} MB committed`;
  const label = `${warmup} → ${sessions.toLocaleString('en-US')} sessions`;
  const heap = growth(kiosk, 'heapUsed');
  const rss = growth(kiosk, 'rss');
  if (!before) throw new Error('measureMemory: the uncapped run did not happen');
  const beforeRss = growth(before, 'rss');
  const cache = (r: ChildResult) => `cache_size=${r.cacheSize}`;
  const flags = (r: ChildResult) => r.execArgv.filter((a) => a !== '--expose-gc' && !a.startsWith('--import') && a !== 'tsx').join(' ') || 'no V8 flag';
  const how = `handleCall (getKioskInfo, getContent, startSession, ~13 logEvent, endSession per customer), ${kiosk.events.toLocaleString('en-US')} events, file store opened by openKioskStore (synchronous=NORMAL: fsync does not change memory), forced GC before each sample`;
  return [
    { group: 'memory', measure: `JS heap growth, ${label} (trend)`, value: heap, unit: 'MB', target: '≤ 2 MB', pass: heap <= 2, note: `${how}; ${flags(kiosk)}; the RSS row's median run, the trend of its samples (last minus warm-up sample ${endToEnd(kiosk, 'heapUsed').toFixed(2)} MB)` },
    {
      group: 'memory',
      measure: `RSS growth, ${label} (trend)`,
      value: rss,
      unit: 'MB',
      target: '≤ 2 MB',
      pass: rss <= 2,
      note:
        `${fitted(kiosk)}, ${spread}${ends}; as the kiosk runs: ${flags(kiosk)} (electron/memory-cap.ts, passed by every launcher as --js-flags) and the store's ${cache(kiosk)} (db/store.ts, read back); ` +
        `V8's committed heap ${growth(kiosk, 'heapTotal').toFixed(1)} MB of it (${youngGen(kiosk)}); ${peak(kiosk)}; ${(kiosk.elapsedMs / 1000).toFixed(1)} s`,
    },
    {
      group: 'memory',
      measure: 'RSS growth before the caps (no V8 flag, 16 MB page cache)',
      value: beforeRss,
      unit: 'MB',
      target: '—',
      pass: null,
      note:
        `the same run as the kiosk ran before: ${flags(before)}, ${cache(before)} (better-sqlite3's build default); V8's committed heap ${growth(before, 'heapTotal').toFixed(1)} MB of it ` +
        `(${youngGen(before)}: two semispaces growing to V8's default 16 MB each), the other ${(beforeRss - growth(before, 'heapTotal')).toFixed(1)} MB native, mostly SQLite's page cache filling; ` +
        `heap growth ${growth(before, 'heapUsed').toFixed(2)} MB; last minus warm-up sample ${endToEnd(before, 'rss').toFixed(1)} MB; ${peak(before)}; ${(before.elapsedMs / 1000).toFixed(1)} s`,
    },
  ];
}
