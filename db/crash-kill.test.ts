/**
 * kill -9 at 200 random moments (issue 4, "Fault tests"): a child process
 * logs sessions into the store as fast as it can and is killed with SIGKILL
 * at a moment drawn from a seeded generator: mostly while it writes, some
 * while it is still starting or opening the store. After every kill:
 *
 * - the file passes PRAGMA integrity_check,
 * - every write the child acknowledged (printed after the call returned) is
 *   there, with its type and outcome, and stays there through later kills,
 * - the next start is clean: closeOpenSessionsAsAbandoned closes what the
 *   kill left open and no session stays open.
 *
 * Two files are killed 100 times each, side by side, to keep the run short.
 * The writer (db/test/crash-writer.ts, the real db/ code) is bundled once with
 * esbuild so each child starts in under 100 ms instead of ~250 ms through the
 * tsx loader: 200 starts are most of this test's time.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { openStore } from './store';
import { importPack } from './content-import';
import { closeOpenSessionsAsAbandoned } from './sessions';
import { fixturePack } from './test/fixture-pack';
import { useTempDirs } from './test/temp-dir';

const ROOT = join(__dirname, '..');
const WRITER_SOURCE = join(__dirname, 'test', 'crash-writer.ts');
const KILLS_PER_FILE = 100;
const FILES = 2;
const SEED = 20261120;

const tempDir = useTempDirs('kiosk-kill-');

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Acknowledged {
  /** `id seq` → event type. */
  events: Map<string, string>;
  started: Set<number>;
  /** id → outcome. */
  ended: Map<number, string>;
}

interface Run {
  lines: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  sawReady: boolean;
}

/**
 * Starts the writer and kills it `delayMs` after it said `ready` (or after
 * spawning, when `fromSpawn`): a kill at any point of its life.
 */
/** Bundles the writer from source; better-sqlite3 (native) stays in node_modules. */
function bundleWriter(dir: string): string {
  const outfile = join(dir, 'crash-writer.cjs');
  buildSync({ entryPoints: [WRITER_SOURCE], bundle: true, platform: 'node', format: 'cjs', external: ['better-sqlite3'], outfile, logLevel: 'error' });
  return outfile;
}

function runAndKill(writer: string, file: string, seed: number, delayMs: number, fromSpawn: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, String(seed)], {
      cwd: ROOT,
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let sawReady = false;
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    // A writer that never gets going is killed too, and the test says so.
    const guard = setTimeout(kill, 15_000);
    if (fromSpawn) timer = setTimeout(kill, delayMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!sawReady && out.startsWith('ready\n')) {
        sawReady = true;
        if (!fromSpawn) timer = setTimeout(kill, delayMs);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      // Only whole lines: each was written in one atomic write, so a cut line cannot happen, but never trust it.
      const lines = out.split('\n');
      lines.pop();
      resolve({ lines, signal, code, stderr, sawReady });
    });
  });
}

/** Checks the store after a kill; returns the problems found (empty = all good). */
function checkAfterKill(file: string, acked: Acknowledged, now: Date): { problems: string[]; abandoned: number } {
  const problems: string[] = [];
  const db = openStore(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const eventType = db.prepare('SELECT type FROM session_event WHERE session_id = ? AND seq = ?').pluck();
    for (const [key, type] of acked.events) {
      const [id, seq] = key.split(' ').map(Number);
      const found = eventType.get(id, seq);
      if (found !== type) problems.push(`event ${key} (${type}) acknowledged but ${found === undefined ? 'missing' : `stored as ${String(found)}`}`);
    }
    const session = db.prepare('SELECT outcome FROM session WHERE id = ?').pluck();
    for (const id of acked.started) if (session.get(id) === undefined) problems.push(`session ${id} acknowledged but missing`);
    for (const [id, outcome] of acked.ended) {
      const found = session.get(id);
      if (found !== outcome) problems.push(`session ${id} ended ${outcome} but stored as ${String(found)}`);
    }
    // The next start: what the kill left open is closed as abandoned, and nothing stays open.
    const abandoned = closeOpenSessionsAsAbandoned(db, now);
    const open = db.prepare('SELECT count(*) FROM session WHERE ended_at IS NULL').pluck().get();
    if (open !== 0) problems.push(`${String(open)} session(s) still open after closeOpenSessionsAsAbandoned`);
    return { problems, abandoned };
  } finally {
    db.close();
  }
}

interface LaneReport {
  problems: string[];
  killsWhileWriting: number;
  killsBeforeReady: number;
  events: number;
}

async function killRepeatedly(writer: string, file: string, rand: () => number, laneSeed: number): Promise<LaneReport> {
  const acked: Acknowledged = { events: new Map(), started: new Set(), ended: new Map() };
  const report: LaneReport = { problems: [], killsWhileWriting: 0, killsBeforeReady: 0, events: 0 };
  for (let k = 0; k < KILLS_PER_FILE; k++) {
    // 85%: while writing, 0-60 ms after the store opened; 15%: 0-400 ms after spawning (loading, opening, or writing).
    const fromSpawn = rand() < 0.15;
    const delayMs = Math.floor(rand() * (fromSpawn ? 400 : 60));
    const run = await runAndKill(writer, file, laneSeed * 1000 + k, delayMs, fromSpawn);
    const where = `kill ${k + 1} (${fromSpawn ? 'from spawn' : 'after ready'} +${delayMs} ms)`;
    if (run.signal !== 'SIGKILL') report.problems.push(`${where}: the writer exited by itself (code ${run.code}): ${run.stderr.trim()}`);
    const thisRun: Acknowledged = { events: new Map(), started: new Set(), ended: new Map() };
    for (const line of run.lines) {
      const [tag, a, b, c] = line.split(' ');
      if (tag === 's') thisRun.started.add(Number(a));
      else if (tag === 'e') thisRun.events.set(`${a} ${b}`, c!);
      else if (tag === 'x') thisRun.ended.set(Number(a), b!);
    }
    if (!run.sawReady) report.killsBeforeReady++;
    else if (thisRun.events.size > 0) report.killsWhileWriting++;
    report.events += thisRun.events.size;
    // Whatever was open when the writer died is closed as abandoned by the check below.
    const { problems } = checkAfterKill(file, thisRun, new Date());
    report.problems.push(...problems.map((p) => `${where}: ${p}`));
    for (const [key, type] of thisRun.events) acked.events.set(key, type);
    for (const id of thisRun.started) acked.started.add(id);
    // A session ended without an acknowledgement (killed between the write and the print) keeps whatever it has.
    for (const [id, outcome] of thisRun.ended) acked.ended.set(id, outcome);
    if (report.problems.length > 10) break;
  }
  // At the end, everything acknowledged across all kills is still there.
  const final = checkAfterKill(file, acked, new Date());
  report.problems.push(...final.problems.map((p) => `after all kills: ${p}`));
  if (final.abandoned !== 0) report.problems.push(`after all kills: ${final.abandoned} session(s) were open again`);
  return report;
}

describe('kill -9 while logging sessions', () => {
  it(`keeps the store sound and every acknowledged write, through ${KILLS_PER_FILE * FILES} kills at random moments`, async () => {
    const rand = prng(SEED);
    const writer = bundleWriter(tempDir());
    const files = Array.from({ length: FILES }, (_, i) => {
      const file = join(tempDir(), `kiosk-${i}.db`);
      const db = openStore(file);
      importPack(db, fixturePack());
      db.close();
      return file;
    });
    // Draw every lane's moments from one seeded sequence, in a fixed order, before any lane runs.
    const laneRands = files.map(() => {
      const draws = Array.from({ length: KILLS_PER_FILE * 2 }, () => rand());
      let i = 0;
      return () => draws[i++]!;
    });
    const reports = await Promise.all(files.map((file, i) => killRepeatedly(writer, file, laneRands[i]!, i + 1)));

    expect(reports.flatMap((r) => r.problems)).toEqual([]);
    const whileWriting = reports.reduce((n, r) => n + r.killsWhileWriting, 0);
    const events = reports.reduce((n, r) => n + r.events, 0);
    // The test is only worth something if most kills interrupted a stream of writes.
    // (Loose bounds: a disk with slow fsync acknowledges far fewer writes per kill than a fast one.)
    expect(whileWriting).toBeGreaterThan(KILLS_PER_FILE * FILES * 0.5);
    expect(events).toBeGreaterThan(KILLS_PER_FILE * FILES);
  }, 90_000);
});
