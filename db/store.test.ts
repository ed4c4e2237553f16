import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KIOSK_CACHE_SIZE_KIB, openStore } from './store';
import { runMigrations, schemaVersion, StoreTooNewError, type Migration } from './migrate';
import { MIGRATIONS } from './migrations';
import { openWorkerConnection } from './worker-thread';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-store-'));
  dirs.push(dir);
  return join(dir, 'kiosk.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStore', () => {
  it('sets WAL, synchronous=FULL, foreign keys, and the latest schema version', () => {
    const db = openStore(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    db.close();
  });

  it("caps SQLite's page cache at 2 MB on the kiosk's connection (better-sqlite3's build default is 16 MB), or at what the caller asks", () => {
    expect(new Database(':memory:').pragma('cache_size', { simple: true })).toBe(-16000);
    const file = tempFile();
    const db = openStore(file);
    expect(KIOSK_CACHE_SIZE_KIB).toBe(2000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    db.close();
    const larger = openStore(file, { cacheSizeKiB: 16000 });
    expect(larger.pragma('cache_size', { simple: true })).toBe(-16000);
    larger.close();
    // The export and retention workers scan the whole period: their own connections keep the larger default.
    const worker = openWorkerConnection({ file, readonly: true });
    expect(worker.pragma('cache_size', { simple: true })).toBe(-16000);
    worker.close();
  });

  it('creates every table STRICT', () => {
    const db = openStore(':memory:');
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) expect({ table: t.name, strict: t.strict }).toEqual({ table: t.name, strict: 1 });
    db.close();
  });

  it('opens an existing store again without re-running migrations', () => {
    const file = tempFile();
    openStore(file).close();
    const db = openStore(file);
    expect(runMigrations(db, MIGRATIONS)).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer version, with a message that says what to do', () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.pragma('user_version = 9990');
    raw.close();
    expect(() => openStore(file)).toThrow(StoreTooNewError);
    expect(() => openStore(file)).toThrow(/newer version of help-kiosk.*schema 9990/);
  });
});

describe('runMigrations', () => {
  it('runs pending migrations in one transaction: a failure leaves nothing behind', () => {
    const db = new Database(':memory:');
    const migrations: Migration[] = [
      { version: 10, name: 'a', up: (d) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      { version: 20, name: 'b', up: () => { throw new Error('boom'); } },
    ];
    expect(() => runMigrations(db, migrations)).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });

  it('refuses migrations that are out of order', () => {
    const db = new Database(':memory:');
    const noop = () => undefined;
    expect(() =>
      runMigrations(db, [
        { version: 20, name: 'b', up: noop },
        { version: 10, name: 'a', up: noop },
      ]),
    ).toThrow(/out of order/);
  });

  it('runs only the migrations newer than the stored version', () => {
    const db = new Database(':memory:');
    const ran: string[] = [];
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: () => void ran.push(`m${version}`) });
    runMigrations(db, [m(10)]);
    expect(runMigrations(db, [m(10), m(20), m(30)])).toEqual(['m20', 'm30']);
    expect(ran).toEqual(['m10', 'm20', 'm30']);
    expect(schemaVersion(db)).toBe(30);
  });
});
