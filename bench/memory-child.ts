/**
 * Run with `node --expose-gc [V8 flags] --import tsx bench/memory-child.ts N WARMUP`
 * (bench/memory.ts does): simulates N customer sessions through the handler
 * table the Electron IPC and the harness share (handleCall with a real
 * HandlerContext over a file store opened the kiosk's way, openKioskStore;
 * synchronous=NORMAL, see below), and prints JSON with the heap and RSS after
 * forced GC at the warm-up mark, every 500 sessions, and at the end.
 *
 * BENCH_UNCAPPED=1: the store's page cache back at better-sqlite3's 16 MB, as
 * the kiosk ran before db/store.ts capped it (the V8 flag is the parent's choice).
 */
import { readFileSync, rmSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Pack } from '../db/content-schema';
import bundledPack from '../db/content/card-binding.json';
import { prng } from '../db/test/generate-sessions';
import { handleCall } from '../electron/handlers';
import { openKioskStore } from '../electron/open-kiosk-store';
import { makeTestContext } from '../electron/test/test-context';
import { walker } from './lib/walk';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('memory-child needs --expose-gc');
  process.exit(2);
}

interface Sample {
  sessions: number;
  heapUsed: number;
  heapTotal: number;
  rss: number;
  /** V8's young generation as committed now (new_space: both semispaces). */
  newSpace: number;
  external: number;
  /** Linux: resident anonymous memory vs file-backed (mapped files, e.g. SQLite's -shm), in bytes. */
  rssAnon?: number;
  rssFile?: number;
}

function smaps(): { rssAnon?: number; rssFile?: number } {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile') + kb('RssShmem') };
  } catch {
    return {};
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
}

async function sample(sessions: number): Promise<Sample> {
  await settle();
  const m = process.memoryUsage();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? NaN;
  return { sessions, heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, newSpace, external: m.external, ...smaps() };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 10_000);
  const warmup = Number(process.argv[3] ?? 100);
  // The handler tests' context (a temp folder, tokens, USB drives), with its store reopened the way the
  // kiosk's main process opens it (electron/open-kiosk-store.ts: quick_check, pragmas, bundled pack).
  const ctx = makeTestContext({ withPack: false });
  ctx.db.close();
  const opened = openKioskStore({ userDataDir: ctx.dir, nativeBinding: undefined });
  if (!opened.ok) throw new Error(`openKioskStore: ${opened.reason}`);
  if (opened.file !== ctx.dbFile) throw new Error(`openKioskStore opened ${opened.file}, not ${ctx.dbFile}`);
  const db = opened.db;
  ctx.db = db;
  // Memory does not depend on fsync; NORMAL only makes the 140,000 calls finish sooner (same WAL, same pages).
  db.pragma('synchronous = NORMAL');
  // better-sqlite3's build default, which openStore used before it capped the cache.
  if (process.env['BENCH_UNCAPPED'] === '1') db.pragma('cache_size = -16000');
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  let t = Date.parse('2026-03-02T01:00:00.000Z');
  ctx.now = () => new Date(t);
  const rand = prng(11);
  const next = walker(bundledPack as Pack, rand);
  const call = async (method: string, arg: unknown): Promise<unknown> => {
    t += 1000 + Math.floor(rand() * 20_000);
    const r = await handleCall(ctx, method, arg);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const samples: Sample[] = [];
  let events = 0;
  const started = performance.now();
  for (let i = 1; i <= total; i++) {
    const s = next();
    await call('getKioskInfo', {});
    await call('getContent', { locale: s.locale });
    const { sessionId } = (await call('startSession', { locale: s.locale, assistedBy: null })) as { sessionId: number };
    for (const event of s.events) await call('logEvent', { sessionId, event });
    await call('endSession', { sessionId, outcome: s.outcome });
    events += s.events.length;
    // A new day every 500 customers.
    if (i % 500 === 0) t = Date.parse(new Date(t).toISOString().slice(0, 10) + 'T01:00:00.000Z') + 86_400_000;
    if (i === warmup || i % 500 === 0 || i === total) samples.push(await sample(i));
  }
  const elapsedMs = performance.now() - started;
  db.close();
  rmSync(ctx.dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ total, warmup, events, elapsedMs, cacheSize, execArgv: process.execArgv, samples }) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
