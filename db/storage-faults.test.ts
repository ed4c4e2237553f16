/**
 * A kiosk whose disk is full or read-only (issue 4, "Store safety"): session
 * writes fail with SQLite's own error (SQLITE_FULL, SQLITE_READONLY, which
 * electron/handlers.ts turns into `storage_unavailable`), help content keeps
 * being served, nothing already written is lost and the file stays sound.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from './store';
import { importPack, listPacks } from './content-import';
import { readContentView } from './content-read';
import { closeOpenSessionsAsAbandoned, endSession, logEvent, startSession } from './sessions';
import { fixturePack } from './test/fixture-pack';
import bundledPack from './content/card-binding.json';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-faults-');
const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});
const track = (db: Database.Database) => (dbs.push(db), db);

const NOW = new Date('2026-11-20T09:00:00.000Z');
const START = { packId: 'fixture_pack', packVersion: '1.0.0', locale: 'en', assisted: false, now: NOW } as const;
const EVENT = { type: 'answer', questionId: 'start', answerId: 'no_load' } as const;

/** A store with content and a little history; returns its file and what was written. */
function storeWithHistory(): { file: string; db: Database.Database; openSession: number } {
  const file = join(tempDir(), 'kiosk.db');
  const db = track(openStore(file));
  importPack(db, fixturePack());
  for (let i = 0; i < 5; i++) {
    const id = startSession(db, START);
    logEvent(db, id, EVENT, NOW);
    endSession(db, id, 'resolved', NOW);
  }
  const openSession = startSession(db, START);
  logEvent(db, openSession, EVENT, NOW);
  return { file, db, openSession };
}

/** Runs `write` and returns the SQLite error code it failed with (or 'no error'). */
function failureOf(write: () => unknown): string {
  try {
    write();
    return 'no error';
  } catch (err) {
    return String((err as { code?: unknown }).code ?? (err as Error).name);
  }
}

const counts = (db: Database.Database) => db.prepare('SELECT (SELECT count(*) FROM session) AS sessions, (SELECT count(*) FROM session_event) AS events').get();

describe('a read-only store', () => {
  it('serves content and refuses every session write with SQLITE_READONLY, changing nothing', () => {
    const { file, db, openSession } = storeWithHistory();
    const contentBefore = readContentView(db, 'en');
    const countsBefore = counts(db);
    db.close();

    const ro = track(new Database(file, { readonly: true, fileMustExist: true }));
    expect(readContentView(ro, 'zh-Hant').title).toBe('繁:Fixture pack');
    expect(readContentView(ro, 'en')).toEqual(contentBefore);
    expect(failureOf(() => startSession(ro, START))).toBe('SQLITE_READONLY');
    expect(failureOf(() => logEvent(ro, openSession, EVENT, NOW))).toBe('SQLITE_READONLY');
    expect(failureOf(() => endSession(ro, openSession, 'resolved', NOW))).toBe('SQLITE_READONLY');
    expect(failureOf(() => closeOpenSessionsAsAbandoned(ro, NOW))).toBe('SQLITE_READONLY');
    expect(failureOf(() => importPack(ro, { ...fixturePack(), version: '1.0.1' }))).toBe('SQLITE_READONLY');
    ro.close();

    const again = track(openStore(file));
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(counts(again)).toEqual(countsBefore);
    expect(listPacks(again).map((p) => [p.version, p.active])).toEqual([['1.0.0', true]]);
    // When the disk is writable again, the session left open is closed like after a crash.
    expect(closeOpenSessionsAsAbandoned(again, NOW)).toBe(1);
  });
});

describe('a full disk', () => {
  /** The disk fills up: the store may not grow past a few pages more than it has now. */
  function fillUp(db: Database.Database): { written: number; error: string } {
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 3}`);
    let written = 0;
    for (;;) {
      const error = failureOf(() => {
        const id = startSession(db, START);
        for (let i = 0; i < 5; i++) logEvent(db, id, EVENT, NOW);
        endSession(db, id, 'resolved', NOW);
      });
      if (error !== 'no error') return { written, error };
      written++;
      if (written > 10_000) throw new Error('the store never filled up');
    }
  }

  it('fails writes with SQLITE_FULL; each write is all or nothing; content still reads; the file stays sound', () => {
    const { db } = storeWithHistory();
    const contentBefore = readContentView(db, 'zh-Hans');
    const filled = fillUp(db);
    expect(filled.error).toBe('SQLITE_FULL');
    expect(filled.written).toBeGreaterThan(0);

    // Every further write fails the same way: the kiosk reports storage_unavailable, never a half-written row.
    expect(failureOf(() => startSession(db, START))).toBe('SQLITE_FULL');
    expect(failureOf(() => importPack(db, { ...fixturePack(), version: '1.0.1' }))).toBe('SQLITE_FULL');
    expect(listPacks(db).map((p) => [p.version, p.active])).toEqual([['1.0.0', true]]);
    expect(readContentView(db, 'zh-Hans')).toEqual(contentBefore);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Sessions either have all their events or are open with what was logged before the disk filled up.
    const broken = db
      .prepare(`SELECT id FROM session s WHERE ended_at IS NOT NULL AND (SELECT count(*) FROM session_event e WHERE e.session_id = s.id) NOT IN (1, 5)`)
      .all();
    expect(broken).toEqual([]);

    // Space freed: the kiosk logs again without a restart, and the next start closes what was left open.
    db.pragma('max_page_count = 1073741823');
    const id = startSession(db, START);
    logEvent(db, id, EVENT, NOW);
    endSession(db, id, 'timeout', NOW);
    expect(closeOpenSessionsAsAbandoned(db, NOW)).toBeGreaterThanOrEqual(1);
    expect(db.prepare('SELECT count(*) FROM session WHERE ended_at IS NULL').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a pack import that runs out of space half-way leaves the active pack serving, with no partial rows', () => {
    const { db } = storeWithHistory();
    const before = { packs: listPacks(db), content: readContentView(db, 'en'), texts: db.prepare('SELECT count(*) FROM text').pluck().get() };
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 1}`);
    // The real pack: a few hundred texts, far more than one page.
    expect(failureOf(() => importPack(db, bundledPack))).toBe('SQLITE_FULL');
    expect({ packs: listPacks(db), content: readContentView(db, 'en'), texts: db.prepare('SELECT count(*) FROM text').pluck().get() }).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
