import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startHealthWriter } from './health';
import { handleCall } from './handlers';
import { makeTestContext } from './test/test-context';
import { recordAudit } from '../db/audit';
import { memoryCapStatus } from './memory-cap';
import { setInitialAdminPin, MAX_TRIES } from '../db/pins';

describe('the health file for IT', () => {
  it('tells uptime, renderer failures, the live pack, the store size and the last export', () => {
    const ctx = makeTestContext();
    const file = join(ctx.dir, 'health.json');
    let clock = new Date('2026-11-20T08:00:00Z');
    const writer = startHealthWriter(ctx.db, ctx.dbFile, file, { now: () => clock, intervalMs: 3_600_000 });
    let report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, uptimeSeconds: 0, rendererFailures: 0, lastRecovery: null, pack: { packId: 'fixture_pack', version: '1.0.0' }, lastExportAt: null });
    expect(report.databaseBytes).toBeGreaterThan(0);

    clock = new Date('2026-11-20T09:30:00Z');
    recordAudit(ctx.db, { role: 'admin', action: 'stats_exported', detail: '2026-11-01..2026-11-19', now: new Date('2026-11-20T09:00:00Z') });
    writer.recordFailure({ reason: 'gone (crashed)', at: clock, gaveUp: false });
    report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report).toMatchObject({
      uptimeSeconds: 5400,
      rendererFailures: 1,
      lastRecovery: { at: '2026-11-20T09:30:00.000Z', reason: 'gone (crashed)', gaveUp: false },
      lastExportAt: '2026-11-20T09:00:00.000Z',
    });
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(report.mainMemoryCap).toBeNull(); // not started by the shell: not known
    writer.stop();
  });

  it('says what the store refused, from the API calls themselves: a full disk, a read-only or a damaged store', async () => {
    const ctx = makeTestContext();
    const file = join(ctx.dir, 'health.json');
    const messages: string[] = [];
    const writer = startHealthWriter(ctx.db, ctx.dbFile, file, { intervalMs: 3_600_000, log: (m) => messages.push(m) });
    expect(JSON.parse(readFileSync(file, 'utf8')).storeProblem).toBeNull();
    ctx.onStorageProblem = writer.recordStoreProblem;
    ctx.db.close();
    ctx.db = new Database(ctx.dbFile, { readonly: true, fileMustExist: true });
    ctx.clock.now = new Date('2026-11-20T10:00:00Z');
    for (let i = 0; i < 3; i++) expect(await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
    expect(JSON.parse(readFileSync(file, 'utf8')).storeProblem).toEqual({ at: '2026-11-20T10:00:00.000Z', code: 'SQLITE_READONLY', method: 'startSession' });
    // Said once in the log, not once per refused tap.
    expect(messages).toEqual(['[kiosk] the store refused startSession: SQLITE_READONLY']);
    writer.stop();
    ctx.db.close();
  });

  it('says whether the main process runs with the memory cap, and how to start it when not', () => {
    const ctx = makeTestContext();
    const file = join(ctx.dir, 'health.json');
    const writer = startHealthWriter(ctx.db, ctx.dbFile, file, { memoryCap: memoryCapStatus(''), intervalMs: 3_600_000 });
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.mainMemoryCap).toEqual({ on: false, detail: expect.stringContaining('Start it with --js-flags=--max-semi-space-size=1') });
    writer.stop();
  });

  it('never throws when the file cannot be written (a full or read-only disk)', () => {
    const ctx = makeTestContext();
    const messages: string[] = [];
    const writer = startHealthWriter(ctx.db, ctx.dbFile, join(ctx.dir, 'no-such-folder', 'health.json'), { log: (m) => messages.push(m) });
    expect(() => writer.recordFailure({ reason: 'oom', at: new Date(), gaveUp: true })).not.toThrow();
    expect(messages.length).toBeGreaterThan(0);
    writer.stop();
  });
});

describe('PIN-pad lockouts in the health file and the log', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const lockout = (db: Database.Database, at: string, detail: string) => recordAudit(db, { role: 'system', action: 'pin_lockout', detail, now: new Date(at) });

  it('counts the last 24 hours and 7 days and names the last lockout', () => {
    const ctx = makeTestContext();
    const file = join(ctx.dir, 'health.json');
    const clock = new Date('2026-11-20T12:00:00Z');
    lockout(ctx.db, '2026-11-10T08:00:00.000Z', 'lockout=1,minutes=5');
    lockout(ctx.db, '2026-11-19T09:00:00.000Z', 'lockout=1,minutes=5');
    lockout(ctx.db, '2026-11-20T10:00:00.000Z', 'lockout=1,minutes=5');
    lockout(ctx.db, '2026-11-20T10:05:00.000Z', 'lockout=2,minutes=10');
    const writer = startHealthWriter(ctx.db, ctx.dbFile, file, { now: () => clock, intervalMs: 3_600_000 });
    expect(JSON.parse(readFileSync(file, 'utf8')).pinLockouts).toEqual({
      last24h: 2,
      last7d: 3,
      last: { at: '2026-11-20T10:05:00.000Z', minutes: 10, inARow: 2 },
    });
    writer.stop();
  });

  it('says none when there were none, and null when the kiosk has no store', () => {
    const ctx = makeTestContext();
    const file = join(ctx.dir, 'health.json');
    const writer = startHealthWriter(ctx.db, ctx.dbFile, file, { intervalMs: 3_600_000 });
    expect(JSON.parse(readFileSync(file, 'utf8')).pinLockouts).toEqual({ last24h: 0, last7d: 0, last: null });
    writer.stop();
    const outOfOrder = startHealthWriter(null, ctx.dbFile, file, { intervalMs: 3_600_000, outOfOrder: 'cannot open the store' });
    expect(JSON.parse(readFileSync(file, 'utf8')).pinLockouts).toBeNull();
    outOfOrder.stop();
  });

  it('logs one line for each lockout the PIN pad records, within the minute, and never a PIN', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const ctx = makeTestContext();
    const file = join(ctx.dir, 'health.json');
    const admin = '24681357';
    await setInitialAdminPin(ctx.db, admin, ctx.now(), { params: { N: 2 ** 8, r: 8, p: 1 } });
    // A lockout from before this start is not logged again.
    lockout(ctx.db, '2026-11-19T10:00:00.000Z', 'lockout=1,minutes=5');
    const messages: string[] = [];
    const writer = startHealthWriter(ctx.db, ctx.dbFile, file, { now: () => ctx.clock.now, log: (m) => messages.push(m) });
    const guesses = Array.from({ length: MAX_TRIES }, (_, i) => String(135790 + i));
    for (const pin of guesses) await handleCall(ctx, 'unlock', { pin });
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(messages).toEqual([`[kiosk] PIN pad locked for 5 min at 2026-11-20T09:00:00.000Z: ${MAX_TRIES} wrong PINs in a row (lockout 1 since the last correct PIN)`]);
    expect(JSON.parse(readFileSync(file, 'utf8')).pinLockouts).toMatchObject({ last24h: 2, last: { at: '2026-11-20T09:00:00.000Z', minutes: 5, inARow: 1 } });
    // Said once: the next minutes, and tries while the pad is locked, add nothing.
    await handleCall(ctx, 'unlock', { pin: admin });
    vi.advanceTimersByTime(5 * 60_000);
    expect(messages).toHaveLength(1);

    // The next lockout, told at once by the hook after a PIN try.
    ctx.clock.now = new Date('2026-11-20T09:06:00.000Z');
    for (const pin of guesses) await handleCall(ctx, 'unlock', { pin });
    writer.notePinLockouts();
    expect(messages).toHaveLength(2);
    expect(messages[1]).toBe(`[kiosk] PIN pad locked for 10 min at 2026-11-20T09:06:00.000Z: ${MAX_TRIES} wrong PINs in a row (lockout 2 since the last correct PIN)`);
    expect(JSON.parse(readFileSync(file, 'utf8')).pinLockouts.last.at).toBe('2026-11-20T09:06:00.000Z');
    writer.notePinLockouts();
    expect(messages).toHaveLength(2);

    const everything = readFileSync(file, 'utf8') + messages.join('\n');
    for (const pin of [admin, ...guesses]) expect(everything).not.toContain(pin);
    writer.stop();
  });
});
