import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, StoreDamagedError } from './store';
import { adminPinLost, openStoreWithRecovery, describeRecovery, RECOVERING_SUFFIX } from './store-recovery';
import { addTrustedKey, listTrustedKeys } from './pack-keys';
import { generatePackKeyPair } from './pack-signing';
import { readActivePackInfo, readContentView } from './content-read';
import { readPackHistory } from './pack-history';
import { StoreTooNewError, schemaVersion } from './migrate';
import { MIGRATIONS } from './migrations';
import { importPack } from './content-import';
import { rollUpOldSessions } from './retention';
import { aggregatePeriod } from './stats';
import { getSetting, setSetting } from './settings';
import { setInitialAdminPin, verifyPin, type ScryptParams } from './pins';
import { listAudit, recordAudit } from './audit';
import { fixturePack } from './test/fixture-pack';
import { logScripted } from './test/scripted-session';
import { pagesOf, scramblePages } from './test/damage';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-recovery-');
const FAST: ScryptParams = { N: 2 ** 8, r: 8, p: 1 };
const ADMIN = '24681357';
const NOW = new Date('2026-11-20T09:00:00.000Z');
const YEAR = { from: '2026-01-01', to: '2026-11-19' };

const EVENTS = [
  { type: 'answer', questionId: 'start', answerId: 'no_load' },
  { type: 'cause_shown', causeId: 'network', rank: 0 },
  { type: 'step_viewed', causeId: 'network', stepId: 'switch' },
  { type: 'step_done', causeId: 'network', stepId: 'switch', done: true },
  { type: 'cause_result', causeId: 'network', helped: true },
] as const;

const count = (db: Database.Database, sql: string) => (db.prepare(sql).pluck().get() as number);
const rows = (db: Database.Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all();
const ROLLUPS = ['rollup_outcome', 'rollup_duration', 'rollup_step', 'rollup_feature', 'rollup_pack', 'rollup_day'];

/**
 * A store in use for a year: old days rolled up, `recent` ended sessions of
 * five events, two sessions left open, settings, an admin PIN. Returns what
 * a salvage should bring back.
 */
async function populate(db: Database.Database, recent: number) {
  importPack(db, fixturePack());
  await setInitialAdminPin(db, ADMIN, new Date('2026-01-01T08:00:00.000Z'), { params: FAST });
  setSetting(db, 'stats_k', 20);
  setSetting(db, 'kiosk_pseudonym', 'branch-042');
  db.transaction(() => {
    for (let i = 0; i < 60; i++) logScripted(db, { start: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T02:00:00.000Z`, events: [...EVENTS], outcome: 'resolved' });
  })();
  rollUpOldSessions(db, { now: NOW, retentionDays: 90 });
  db.transaction(() => {
    for (let i = 0; i < recent; i++) {
      logScripted(db, { start: new Date(Date.parse('2026-11-01T01:00:00.000Z') + i * 60_000).toISOString(), events: [...EVENTS], outcome: 'escalated_counter' });
    }
    for (let i = 0; i < 2; i++) logScripted(db, { start: '2026-11-19T03:00:00.000Z', events: [...EVENTS], outcome: null });
  })();
  // The nightly run: the recent days are rolled up too (raw rows kept, marked rolled_up), except 11-19 with its open sessions.
  rollUpOldSessions(db, { now: NOW, retentionDays: 90 });
  return { rollups: Object.fromEntries(ROLLUPS.map((t) => [t, rows(db, t)])), stats: aggregatePeriod(db, YEAR) };
}

describe('openStoreWithRecovery', () => {
  it('opens a sound store as it is, after a quick_check', async () => {
    const file = join(tempDir(), 'kiosk.db');
    const db = openStore(file);
    await populate(db, 10);
    db.close();
    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery).toEqual({ recovered: false });
    expect(count(opened.db, 'SELECT count(*) FROM session')).toBe(12);
    expect(readdirSync(join(file, '..')).filter((n) => n.includes('corrupt'))).toEqual([]);
    opened.db.close();
  });

  it('creates a fresh store when there is none (not a recovery)', () => {
    const opened = openStoreWithRecovery(join(tempDir(), 'kiosk.db'));
    expect(opened.recovery).toEqual({ recovered: false });
    expect(schemaVersion(opened.db)).toBe(MIGRATIONS.at(-1)!.version);
    opened.db.close();
  });

  it('moves a file that is not SQLite aside, byte for byte, and starts a fresh store', () => {
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    const junk = 'this is a spreadsheet someone saved over the store\n'.repeat(200);
    writeFileSync(file, junk);
    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery).toMatchObject({
      recovered: true,
      reason: expect.stringMatching(/not a database/),
      movedTo: join(dir, 'kiosk.db.corrupt-20261120T090000Z'),
      salvagedSessions: 0,
      // Nothing says whether it had an admin PIN, and there is no backup: out of order, not the first-start screen.
      adminPin: 'lost',
    });
    if (!opened.recovery.recovered) return;
    expect(readFileSync(opened.recovery.movedTo, 'utf8')).toBe(junk);
    expect(schemaVersion(opened.db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listAudit(opened.db, { limit: 5 }).map((a) => [a.role, a.action, a.detail])).toEqual([
      ['system', 'store_recovered', 'sessions=0'],
      ['system', 'admin_pin_lost', ''],
    ]);
    expect(adminPinLost(opened.db)).toBe(true);
    expect(describeRecovery(opened.recovery)).toMatch(/^store was damaged \(.*not a database.*\); moved to .*kiosk\.db\.corrupt-20261120T090000Z; fresh store created; salvaged nothing/);
    opened.db.close();
  });

  it('never overwrites an earlier damaged copy: a second recovery in the same second gets its own name', () => {
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    writeFileSync(file, 'first');
    openStoreWithRecovery(file, { now: NOW }).db.close();
    writeFileSync(file, 'second');
    for (const suffix of ['-wal', '-shm']) writeFileSync(file + suffix, '');
    const second = openStoreWithRecovery(file, { now: NOW });
    second.db.close();
    expect(second.recovery).toMatchObject({ movedTo: join(dir, 'kiosk.db.corrupt-20261120T090000Z-1') });
    expect(readFileSync(join(dir, 'kiosk.db.corrupt-20261120T090000Z'), 'utf8')).toBe('first');
    expect(readFileSync(join(dir, 'kiosk.db.corrupt-20261120T090000Z-1'), 'utf8')).toBe('second');
  });

  it('salvages ended sessions and events (including those only in the WAL), roll-ups, settings and the PIN from a damaged index', async () => {
    // A kiosk that lost power: the newest sessions are still in kiosk.db-wal.
    const live = join(tempDir(), 'kiosk.db');
    const db = openStore(live);
    const before = await populate(db, 400);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.transaction(() => {
      for (let i = 0; i < 20; i++) logScripted(db, { start: `2026-11-19T0${i % 10}:30:00.000Z`, events: [...EVENTS], outcome: 'resolved' });
    })();
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(live + suffix, file + suffix);
    db.close();
    const wal = readFileSync(`${file}-wal`);
    expect(wal.length).toBeGreaterThan(0);

    // Scramble the oldest leaf of an index: the table data stays readable, quick_check does not pass.
    scramblePages(file, pagesOf(file, 'session_by_start', 'leaf').slice(0, 1));
    expect(() => openStore(file, { verify: 'quick' })).toThrow(StoreDamagedError);

    const opened = openStoreWithRecovery(file, { now: NOW });
    const fresh = opened.db;
    expect(opened.recovery).toMatchObject({ recovered: true, reason: expect.stringMatching(/session_by_start|malformed|index/), salvagedSessions: 420 });
    if (!opened.recovery.recovered) return;
    expect(opened.recovery.unreadable).toEqual([]);
    // The damaged file kept its WAL beside it, so it still reads as it was.
    expect(readFileSync(`${opened.recovery.movedTo}-wal`)).toEqual(wal);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).equals(wal) : false).toBe(false);

    expect(fresh.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(fresh, 'SELECT count(*) FROM session')).toBe(420);
    expect(count(fresh, 'SELECT count(*) FROM session WHERE ended_at IS NULL')).toBe(0);
    expect(count(fresh, 'SELECT count(*) FROM session_event')).toBe(420 * EVENTS.length);
    for (const table of ROLLUPS) expect({ table, rows: rows(fresh, table) }).toEqual({ table, rows: before.rollups[table] });
    expect(before.rollups['rollup_outcome']!.length).toBeGreaterThan(0);
    // Sessions keep their rolled_up mark: counted once, from the roll-ups, not again from raw.
    expect(count(fresh, 'SELECT count(*) FROM session WHERE rolled_up = 1')).toBe(400);
    expect(aggregatePeriod(fresh, YEAR).sessions).toBe(before.stats.sessions + 20);
    expect(getSetting(fresh, 'stats_k')).toBe(20);
    expect(getSetting(fresh, 'kiosk_pseudonym')).toBe('branch-042');
    // Without its PIN, the first-start screen would let anyone at the kiosk claim admin.
    expect(await verifyPin(fresh, ADMIN, NOW)).toEqual({ ok: true, role: 'admin' });
    expect(opened.recovery.salvaged).toMatchObject({ session: 420, session_event: 2100, access_pin: 1, setting: 5 });
    fresh.close();
  });

  it("keeps the bank's trusted keys and every content pack, so the kiosk serves the pack it served, with the history rollback and 'must be newer' read", async () => {
    const file = join(tempDir(), 'kiosk.db');
    const db = openStore(file);
    await populate(db, 10);
    importPack(db, { ...fixturePack(), version: '1.1.0' });
    addTrustedKey(db, { label: 'Bank content team', publicKeyPem: generatePackKeyPair().publicKeyPem, source: 'provisioning', now: NOW });
    db.close();
    scramblePages(file, pagesOf(file, 'session_by_start', 'leaf').slice(0, 1));

    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery).toMatchObject({ recovered: true, unreadable: [], salvaged: { pack: 2, trusted_key: 1 } });
    expect(readActivePackInfo(opened.db)).toEqual({ packId: 'fixture_pack', version: '1.1.0' });
    expect(readPackHistory(opened.db).previous).toMatchObject({ version: '1.0.0' });
    expect(listTrustedKeys(opened.db).map((k) => k.label)).toEqual(['Bank content team']);
    expect(count(opened.db, 'SELECT count(*) FROM cause')).toBe(2 * fixturePack().causes.length);
    expect(readContentView(opened.db, 'en')).toMatchObject({ packVersion: '1.1.0' });
    opened.db.close();
  });

  it('keeps no content pack when one of their rows cannot be read: broken help would be worse than the bundled pack', async () => {
    const file = join(tempDir(), 'kiosk.db');
    const db = openStore(file);
    await populate(db, 10);
    db.close();
    scramblePages(file, pagesOf(file, 'text').slice(0, 1));

    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery.recovered).toBe(true);
    if (!opened.recovery.recovered) return;
    expect(opened.recovery.salvaged['pack']).toBe(0);
    expect(opened.recovery.unreadable).toContainEqual(expect.stringMatching(/^content packs \(none kept; the bundled pack serves\): /));
    expect(count(opened.db, 'SELECT count(*) FROM pack')).toBe(0);
    expect(count(opened.db, 'SELECT count(*) FROM text')).toBe(0);
    // The rest is kept as ever: the PIN first.
    expect(await verifyPin(opened.db, ADMIN, NOW)).toEqual({ ok: true, role: 'admin' });
    opened.db.close();
  });

  it('builds the fresh store under a temporary name: a recovery cut short before it was finished starts again from the damaged file', async () => {
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    const db = openStore(file);
    await populate(db, 10);
    db.close();
    scramblePages(file, pagesOf(file, 'session_by_start', 'leaf').slice(0, 1));
    // What a power cut during salvage leaves: the damaged file in place and a half-built store beside it.
    writeFileSync(`${file}${RECOVERING_SUFFIX}`, 'half written');

    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery).toMatchObject({ recovered: true, salvagedSessions: 10 });
    expect(await verifyPin(opened.db, ADMIN, NOW)).toEqual({ ok: true, role: 'admin' });
    opened.db.close();
    expect(readdirSync(dir).filter((f) => f.endsWith(RECOVERING_SUFFIX))).toEqual([]);
  });

  it('moves a finished store in when the power went between salvage and rename, with its admin PIN', async () => {
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    const built = openStore(`${file}${RECOVERING_SUFFIX}`);
    await setInitialAdminPin(built, ADMIN, NOW, { params: FAST });
    // Written last by a recovery: this store was finished.
    recordAudit(built, { role: 'system', action: 'store_recovered', detail: 'sessions=0', now: NOW });
    built.close();
    writeFileSync(`${file}.corrupt-20261120T090000Z`, 'the damaged file, moved aside');

    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery).toEqual({ recovered: false });
    expect(await verifyPin(opened.db, ADMIN, NOW)).toEqual({ ok: true, role: 'admin' });
    opened.db.close();
    expect(existsSync(`${file}${RECOVERING_SUFFIX}`)).toBe(false);
  });

  it('does not adopt a half-built store left beside a missing live file: it starts fresh instead', async () => {
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    const built = openStore(`${file}${RECOVERING_SUFFIX}`);
    await setInitialAdminPin(built, ADMIN, NOW, { params: FAST });
    built.close();

    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery).toEqual({ recovered: false });
    expect(count(opened.db, 'SELECT count(*) FROM access_pin')).toBe(0);
    opened.db.close();
    expect(existsSync(`${file}${RECOVERING_SUFFIX}`)).toBe(false);
  });

  describe('an admin PIN the damaged file no longer gives', () => {
    const LATER = '97531864';

    /** A store in use whose access_pin page is then scrambled, and its nightly backups' folder. */
    async function storeWithUnreadablePin(): Promise<{ file: string; backups: string }> {
      const dir = tempDir();
      const file = join(dir, 'kiosk.db');
      const db = openStore(file);
      await populate(db, 10);
      db.close();
      scramblePages(file, pagesOf(file, 'access_pin'));
      return { file, backups: join(dir, 'backups') };
    }

    /** A nightly backup: a store with `pin` as its admin PIN (or none). */
    async function nightlyBackup(backups: string, name: string, pin: string | null): Promise<void> {
      mkdirSync(backups, { recursive: true });
      const db = openStore(join(backups, name));
      if (pin !== null) await setInitialAdminPin(db, pin, new Date('2026-01-01T08:00:00.000Z'), { params: FAST });
      db.close();
    }

    it('takes the PINs from the newest nightly backup that has them, and says which', async () => {
      const { file, backups } = await storeWithUnreadablePin();
      await nightlyBackup(backups, 'kiosk-2026-11-17.db', ADMIN);
      await nightlyBackup(backups, 'kiosk-2026-11-18.db', LATER);
      // Written before the admin PIN was set, or itself damaged: skipped.
      await nightlyBackup(backups, 'kiosk-2026-11-19.db', null);
      writeFileSync(join(backups, 'kiosk-2026-11-20.db'), 'not a store');
      const opened = openStoreWithRecovery(file, { now: NOW, backupsDir: backups });
      expect(opened.recovery).toMatchObject({ recovered: true, adminPin: 'from_backup', pinBackup: join(backups, 'kiosk-2026-11-18.db') });
      expect(opened.recovery.recovered && opened.recovery.unreadable).toEqual([expect.stringMatching(/^access_pin: /)]);
      expect(await verifyPin(opened.db, LATER, NOW)).toEqual({ ok: true, role: 'admin' });
      expect(adminPinLost(opened.db)).toBe(false);
      expect(describeRecovery(opened.recovery)).toMatch(/the PINs \(admin and staff\) are those of the nightly backup .*kiosk-2026-11-18\.db$/);
      opened.db.close();
    });

    it('says the PIN is lost when no backup has one, until an admin PIN is set again', async () => {
      const { file, backups } = await storeWithUnreadablePin();
      await nightlyBackup(backups, 'kiosk-2026-11-19.db', null);
      const opened = openStoreWithRecovery(file, { now: NOW, backupsDir: backups });
      expect(opened.recovery).toMatchObject({ recovered: true, adminPin: 'lost' });
      expect(adminPinLost(opened.db)).toBe(true);
      expect(describeRecovery(opened.recovery)).toMatch(/admin PIN could not be read and no nightly backup has one: out of order until one is set \(provisioning\.json\)$/);
      // Sessions and the rest are kept as in any recovery.
      expect(count(opened.db, 'SELECT count(*) FROM session')).toBe(10);
      await setInitialAdminPin(opened.db, LATER, NOW, { params: FAST });
      expect(adminPinLost(opened.db)).toBe(false);
      opened.db.close();
    });

    it('starts a kiosk that never had an admin PIN as a new one, whatever else was damaged', async () => {
      const file = join(tempDir(), 'kiosk.db');
      const db = openStore(file);
      importPack(db, fixturePack());
      db.transaction(() => {
        for (let i = 0; i < 400; i++) logScripted(db, { start: new Date(Date.parse('2026-11-01T01:00:00.000Z') + i * 60_000).toISOString(), events: [...EVENTS], outcome: 'resolved' });
      })();
      db.close();
      const leaves = pagesOf(file, 'session_event', 'leaf');
      scramblePages(file, [leaves[Math.floor(leaves.length / 2)]!]);
      const opened = openStoreWithRecovery(file, { now: NOW });
      expect(opened.recovery).toMatchObject({ recovered: true, adminPin: 'not_set' });
      expect(adminPinLost(opened.db)).toBe(false);
      opened.db.close();
    });
  });

  it('keeps what reads before a damaged data page and says which table it could not finish', async () => {
    const file = join(tempDir(), 'kiosk.db');
    const db = openStore(file);
    await populate(db, 400);
    db.close();
    const leaves = pagesOf(file, 'session_event', 'leaf');
    expect(leaves.length).toBeGreaterThan(4);
    scramblePages(file, [leaves[Math.floor(leaves.length / 2)]!]);

    const opened = openStoreWithRecovery(file, { now: NOW });
    expect(opened.recovery.recovered).toBe(true);
    if (!opened.recovery.recovered) return;
    expect(opened.recovery.salvagedSessions).toBe(400);
    expect(opened.recovery.unreadable).toEqual([expect.stringMatching(/^session_event: .*malformed/)]);
    const events = count(opened.db, 'SELECT count(*) FROM session_event');
    expect(events).toBeGreaterThan(0);
    expect(events).toBeLessThan(400 * EVENTS.length);
    expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(opened.db, 'SELECT count(*) FROM rollup_outcome')).toBeGreaterThan(0);
    opened.db.close();
  });

  it('counts the days a damaged roll-up table covered from their raw sessions again, and the next roll-up restores them exactly', async () => {
    const file = join(tempDir(), 'kiosk.db');
    const db = openStore(file);
    const before = await populate(db, 400);
    db.close();
    scramblePages(file, pagesOf(file, 'rollup_step', 'leaf'));

    const opened = openStoreWithRecovery(file, { now: NOW });
    if (!opened.recovery.recovered) throw new Error('expected a recovery');
    expect(opened.recovery.unreadable).toEqual([expect.stringMatching(/^rollup_step: /)]);
    const fresh = opened.db;
    // The 400 raw sessions of November count from raw now, not from roll-ups that lost their steps.
    expect(count(fresh, 'SELECT count(*) FROM session WHERE rolled_up = 1')).toBe(0);
    expect(count(fresh, "SELECT count(*) FROM rollup_outcome WHERE day >= '2026-11-01'")).toBe(0);
    // March is past retention (no raw rows left): its outcome roll-ups are kept as read.
    expect(count(fresh, "SELECT count(*) FROM rollup_outcome WHERE day < '2026-04-01'")).toBeGreaterThan(0);
    const november = { from: '2026-11-01', to: '2026-11-19' };
    const fromRaw = aggregatePeriod(fresh, november);
    expect(fromRaw.sessions).toBe(400);
    rollUpOldSessions(fresh, { now: NOW, retentionDays: 90 });
    expect(count(fresh, 'SELECT count(*) FROM session WHERE rolled_up = 1')).toBe(400);
    expect(aggregatePeriod(fresh, november)).toEqual(fromRaw);
    expect(aggregatePeriod(fresh, YEAR).sessions).toBe(before.stats.sessions);
    fresh.close();
  });

  it('does not move aside a sound store it cannot use: a newer schema is an error, not damage', () => {
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    const raw = new Database(file);
    raw.pragma('user_version = 9990');
    raw.close();
    expect(() => openStoreWithRecovery(file, { now: NOW })).toThrow(StoreTooNewError);
    expect(readdirSync(dir)).toEqual(['kiosk.db']);
  });
});
