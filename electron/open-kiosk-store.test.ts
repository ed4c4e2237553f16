import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeStore } from '../db/store';
import { openKioskStore } from './open-kiosk-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openKioskStore', () => {
  it('creates userData and kiosk.db with the bundled pack active', () => {
    const userDataDir = path.join(dir, 'fresh', 'profile');
    const result = openKioskStore({ userDataDir, nativeBinding: undefined });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file).toBe(path.join(userDataDir, 'kiosk.db'));
    expect(result.db.prepare('SELECT pack_id FROM pack WHERE is_active = 1').get()).toEqual({ pack_id: 'card_binding' });
    // The main process's page cache is capped (db/store.ts KIOSK_CACHE_SIZE_KIB; BENCHMARKS.md, RSS growth).
    expect(result.db.pragma('cache_size', { simple: true })).toBe(-2000);
    closeStore(result.db);
  });

  it('reports, not throws, a native build that cannot load, naming it', () => {
    const nativeBinding = path.join(dir, 'native-electron', 'better_sqlite3.node');
    const result = openKioskStore({ userDataDir: path.join(dir, 'userData'), nativeBinding });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(nativeBinding);
  });

  it('replaces a damaged store with a fresh one holding the bundled pack, keeps the damaged file, and logs one line', () => {
    const userDataDir = path.join(dir, 'userData');
    mkdirSync(userDataDir);
    writeFileSync(path.join(userDataDir, 'kiosk.db'), 'not a database at all');
    const log: string[] = [];
    const result = openKioskStore({ userDataDir, nativeBinding: undefined, log: (m) => log.push(m) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.recovery).toMatchObject({ recovered: true, salvagedSessions: 0, movedTo: expect.stringMatching(/kiosk\.db\.corrupt-\d{8}T\d{6}Z$/) });
    expect(result.db.prepare('SELECT pack_id FROM pack WHERE is_active = 1').get()).toEqual({ pack_id: 'card_binding' });
    expect(log).toEqual([expect.stringMatching(/^\[kiosk\] store was damaged .* moved to .*kiosk\.db\.corrupt-/)]);
    if (result.recovery.recovered) expect(readFileSync(result.recovery.movedTo, 'utf8')).toBe('not a database at all');
    expect(result.db.pragma('cache_size', { simple: true })).toBe(-2000);
    closeStore(result.db);
  });

  it('opens a sound store without a recovery, and logs nothing', () => {
    const userDataDir = path.join(dir, 'userData');
    const first = openKioskStore({ userDataDir, nativeBinding: undefined });
    if (first.ok) closeStore(first.db);
    const log: string[] = [];
    const again = openKioskStore({ userDataDir, nativeBinding: undefined, log: (m) => log.push(m) });
    expect(again).toMatchObject({ ok: true, recovery: { recovered: false } });
    if (again.ok) closeStore(again.db);
    expect(log).toEqual([]);
  });

  it('reports, and leaves in place, a sound store it cannot use (written by a newer version)', () => {
    const userDataDir = path.join(dir, 'userData');
    mkdirSync(userDataDir);
    const raw = new Database(path.join(userDataDir, 'kiosk.db'));
    raw.pragma('user_version = 9990');
    raw.close();
    const result = openKioskStore({ userDataDir, nativeBinding: undefined });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/newer version of help-kiosk/) });
    expect(readdirSync(userDataDir).filter((n) => n.includes('corrupt'))).toEqual([]);
    expect(existsSync(path.join(userDataDir, 'kiosk.db'))).toBe(true);
  });
});
