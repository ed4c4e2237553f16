/**
 * Opens the kiosk's store, and when the file is damaged (a power cut on a
 * cheap SD card, a file that is not SQLite at all) moves it aside and starts a
 * fresh one instead of leaving the branch with an out-of-order screen
 * (issue 4, "Store safety").
 *
 * - Damage is what `PRAGMA quick_check` finds (`integrity_check` when the
 *   caller asks for the full check), or SQLITE_CORRUPT / SQLITE_NOTADB while
 *   opening. Every other failure (a newer schema, a native module for the
 *   wrong ABI, a locked or unreadable file) is thrown as before: those files
 *   are sound and must never be moved aside.
 * - The damaged file keeps its -wal and -shm beside it as
 *   `kiosk.db.corrupt-<UTC time>-wal`, so it can be read as it was (the WAL
 *   holds the newest commits) and so its WAL cannot be replayed into the fresh
 *   store.
 * - Salvage is best effort: the damaged file is opened read-only and each
 *   table is copied row by row in one transaction; a row the fresh schema's
 *   CHECKs refuse is skipped, and a read error ends that table with what was
 *   read so far. What is kept: the PIN hashes and lockout (else the
 *   first-start screen would let anyone at the kiosk claim the admin PIN),
 *   the bank's trusted pack keys, the settings that still pass their rules,
 *   ended sessions and their events, the daily roll-ups (the statistics) and
 *   the audit log. Content packs (the active one and the history that "must
 *   be newer" and rollback read) are copied all or nothing: a pack with a row
 *   missing would serve broken help, so then none is kept and the caller
 *   imports the bundled pack.
 * - The fresh store is built beside the damaged one, as `kiosk.db.recovering`,
 *   and takes the live name only once salvage is done: a power cut part-way
 *   leaves the damaged file in place (the next start recovers again) or a
 *   finished store under the temporary name (the next start moves it in),
 *   never an empty store at the live name with no admin PIN.
 * - When the admin PIN cannot be read from the damaged file, it comes from the
 *   newest nightly backup that has one. With none, the recovery says the PIN
 *   is lost and leaves an `admin_pin_lost` audit entry in the fresh store: the
 *   shell then shows the out-of-order page instead of the first-start screen
 *   (adminPinLost), at this start and every later one, until provisioning or
 *   IT sets a PIN. A store that simply never had one starts as a new kiosk.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { moveStoreFiles, removeStoreFiles } from './store-files';
import { recordAudit } from './audit';
import { closeStore, isDamageError, openStore, type OpenStoreOptions } from './store';
import { settingProblem, type SettingKey } from './settings';
import { isAdminConfigured } from './pins';
import { nightlyBackups } from './backup';

/**
 * What became of the admin PIN: copied from the damaged file; never set there (a new kiosk);
 * taken from a nightly backup (`pinBackup` names it); or lost, and the kiosk stays out of order.
 */
export type RecoveredAdminPin = 'salvaged' | 'not_set' | 'from_backup' | 'lost';

export type StoreRecovery =
  | { recovered: false }
  | {
      recovered: true;
      /** What quick_check or SQLite said about the damaged file. */
      reason: string;
      /** Where the damaged file now is (its -wal and -shm beside it). */
      movedTo: string;
      /** Ended sessions copied into the fresh store. */
      salvagedSessions: number;
      /** Rows copied, per table. */
      salvaged: Record<string, number>;
      /** Tables (or parts of them) that could not be read, with SQLite's message. */
      unreadable: string[];
      adminPin: RecoveredAdminPin;
      /** The backup the PIN came from, when `adminPin` is 'from_backup'. */
      pinBackup?: string;
    };

export interface OpenWithRecoveryOptions extends Pick<OpenStoreOptions, 'nativeBinding'> {
  /** Clock for the name of the moved-aside file and the audit entry (tests). */
  now?: Date;
  /** The nightly backups' folder (db/backup.ts), for an admin PIN the damaged file no longer gives. */
  backupsDir?: string;
  /** `PRAGMA integrity_check` instead of quick_check: indexes compared with their tables too. */
  fullCheck?: boolean;
}

/**
 * The tables worth keeping, parents first (foreign keys). `where` is a
 * constant filter: only ended sessions, since an open one has no outcome and
 * would be closed as abandoned anyway.
 */
const SALVAGE: readonly { table: string; where: string }[] = [
  { table: 'access_pin', where: '' },
  { table: 'pin_lockout', where: '' },
  { table: 'trusted_key', where: '' },
  { table: 'session', where: 'WHERE ended_at IS NOT NULL' },
  // Events of sessions not kept fail their foreign key and are skipped.
  { table: 'session_event', where: '' },
  { table: 'rollup_outcome', where: '' },
  { table: 'rollup_duration', where: '' },
  { table: 'rollup_step', where: '' },
  { table: 'rollup_feature', where: '' },
  { table: 'rollup_pack', where: '' },
  // With session.rolled_up (migration 0070): which sessions the roll-ups above already count.
  { table: 'rollup_day', where: '' },
  { table: 'audit_log', where: '' },
  // What was exported: the next export must still carry on from it, never overlap it.
  { table: 'export_period', where: '' },
];

/** The content packs' tables, parents first: copied together or not at all. */
const PACK_TABLES = ['pack', 'question', 'cause', 'answer', 'answer_cause', 'step', 'handoff', 'text'] as const;

const SETTING_KEYS: readonly SettingKey[] = ['idle_timeout_seconds', 'stats_k', 'retention_days', 'kiosk_pseudonym', 'nightly_restart_hour'];

export interface OpenedStore {
  db: Database.Database;
  recovery: StoreRecovery;
}

/**
 * Opens (or creates) the store at `file`. A damaged file is moved aside, a
 * fresh store takes its place and gets what could be salvaged; `recovery`
 * says what happened, for the shell's log. Throws what openStore throws for
 * anything but damage.
 */
export function openStoreWithRecovery(file: string, options: OpenWithRecoveryOptions = {}): OpenedStore {
  const storeOptions: OpenStoreOptions = {
    verify: options.fullCheck ? 'full' : 'quick',
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  const building = `${file}${RECOVERING_SUFFIX}`;
  // A recovery that finished its store but lost power before the rename: finish it. One cut short
  // (no closing audit entry) is not adopted: the damaged file it came from is still where it was.
  if (!existsSync(file) && existsSync(building)) {
    if (recoveryFinished(building, options.nativeBinding)) moveStoreFiles(building, file);
    else removeStoreFiles(building);
  }
  let reason: string;
  try {
    return { db: openStore(file, storeOptions), recovery: { recovered: false } };
  } catch (err) {
    if (!isDamageError(err)) throw err;
    reason = err instanceof Error ? err.message : String(err);
  }
  const now = options.now ?? new Date();
  // A recovery cut short before its store was finished starts again from the damaged file.
  removeStoreFiles(building);
  const fresh = openStore(building, storeOptions);
  let salvaged: Record<string, number>;
  let unreadable: string[];
  let pin: { adminPin: RecoveredAdminPin; pinBackup?: string };
  try {
    ({ salvaged, unreadable } = salvage(fresh, file, options.nativeBinding));
    pin = recoverAdminPin(fresh, unreadable, options.backupsDir, options.nativeBinding);
    if (pin.adminPin === 'lost') recordAudit(fresh, { role: 'system', action: ADMIN_PIN_LOST, detail: '', now });
    // Written last: recoveryFinished reads it.
    recordAudit(fresh, { role: 'system', action: 'store_recovered', detail: `sessions=${salvaged['session'] ?? 0}`, now });
  } finally {
    closeStore(fresh);
  }
  const movedTo = moveAside(file, now);
  moveStoreFiles(building, file);
  const db = openStore(file, storeOptions);
  return { db, recovery: { recovered: true, reason, movedTo, salvagedSessions: salvaged['session'] ?? 0, salvaged, unreadable, ...pin } };
}

const ADMIN_PIN_LOST = 'admin_pin_lost';

/**
 * Whether a recovery lost the admin PIN and none has been set since: the first-start screen would
 * let whoever stands at the kiosk choose the admin PIN, so the shell shows the out-of-order page.
 */
export function adminPinLost(db: Database.Database): boolean {
  if (isAdminConfigured(db)) return false;
  return db.prepare('SELECT 1 FROM audit_log WHERE action = ? LIMIT 1').get(ADMIN_PIN_LOST) !== undefined;
}

function recoverAdminPin(
  db: Database.Database,
  unreadable: readonly string[],
  backupsDir: string | undefined,
  nativeBinding: string | undefined,
): { adminPin: RecoveredAdminPin; pinBackup?: string } {
  if (isAdminConfigured(db)) return { adminPin: 'salvaged' };
  // The damaged file said plainly that it has no admin PIN: a kiosk never set up.
  if (!unreadable.some((problem) => problem.startsWith('access_pin:') || problem.startsWith('(file):'))) return { adminPin: 'not_set' };
  let names: string[] = [];
  try {
    if (backupsDir !== undefined) names = nightlyBackups(backupsDir);
  } catch {
    // An unreadable folder is no backup.
  }
  for (const name of names) {
    const backup = join(backupsDir!, name);
    let old: Database.Database;
    try {
      old = new Database(backup, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    } catch {
      continue;
    }
    try {
      if (old.prepare("SELECT 1 FROM access_pin WHERE role = 'admin'").get() === undefined) continue;
      // Both PINs and the lockout, as they were that night: a lockout under way must not be lifted by a recovery.
      const copied = copyTable(old, db, 'access_pin', '');
      if (copied.error !== undefined) continue;
      copyTable(old, db, 'pin_lockout', '');
      if (isAdminConfigured(db)) return { adminPin: 'from_backup', pinBackup: backup };
    } catch {
      // A damaged backup: try the one before it.
    } finally {
      old.close();
    }
  }
  return { adminPin: 'lost' };
}

/** Where the fresh store is built during a recovery, beside the live file. */
export const RECOVERING_SUFFIX = '.recovering';

/** Whether a store built by a recovery was finished: its audit entry, written last, is there. */
function recoveryFinished(file: string, nativeBinding: string | undefined): boolean {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      return db.prepare("SELECT 1 FROM audit_log WHERE action = 'store_recovered' LIMIT 1").get() !== undefined;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** One line for the shell's log. */
export function describeRecovery(recovery: StoreRecovery): string {
  if (!recovery.recovered) return 'store opened normally';
  const kept = Object.entries(recovery.salvaged)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table}=${n}`)
    .join(', ');
  const lost = recovery.unreadable.length > 0 ? `; unreadable: ${recovery.unreadable.join('; ')}` : '';
  const pin =
    recovery.adminPin === 'from_backup'
      ? `; the PINs (admin and staff) are those of the nightly backup ${recovery.pinBackup}`
      : recovery.adminPin === 'lost'
        ? '; the admin PIN could not be read and no nightly backup has one: out of order until one is set (provisioning.json)'
        : '';
  return `store was damaged (${recovery.reason}); moved to ${recovery.movedTo}; fresh store created; salvaged ${kept || 'nothing'}${lost}${pin}`;
}

/** `20261120T090000Z`: sorts by time and is a valid file name on every OS. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function moveAside(file: string, now: Date): string {
  const base = `${file}.corrupt-${stamp(now)}`;
  let target = base;
  for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
  // The WAL first: should the power go half-way, the fresh store must not find
  // the damaged file's WAL next to it and replay it.
  moveStoreFiles(file, target);
  return target;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function salvage(db: Database.Database, damagedFile: string, nativeBinding: string | undefined): { salvaged: Record<string, number>; unreadable: string[] } {
  const salvaged: Record<string, number> = {};
  const unreadable: string[] = [];
  let old: Database.Database;
  try {
    old = new Database(damagedFile, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    return { salvaged, unreadable: [`(file): ${messageOf(err)}`] };
  }
  try {
    for (const { table, where } of SALVAGE) {
      const result = copyTable(old, db, table, where);
      salvaged[table] = result.copied;
      if (result.error) unreadable.push(`${table}: ${result.error}`);
    }
    if (unreadable.some((problem) => problem.startsWith('rollup_'))) reopenRolledUpDays(db);
    const settings = copySettings(old, db);
    salvaged['setting'] = settings.copied;
    if (settings.error) unreadable.push(`setting: ${settings.error}`);
    const packs = copyPacks(old, db);
    salvaged['pack'] = packs.copied;
    if (packs.error) unreadable.push(`content packs (none kept; the bundled pack serves): ${packs.error}`);
  } finally {
    old.close();
  }
  return { salvaged, unreadable };
}

/**
 * A roll-up table lost rows: the days whose sessions are still here raw may
 * now be under-counted in the roll-ups. Those days are counted from raw again
 * (their roll-up rows dropped, their sessions unmarked) and the next nightly
 * roll-up rebuilds them exactly. Days already past retention have no raw rows
 * and keep whatever roll-up rows could be read.
 */
function reopenRolledUpDays(db: Database.Database): void {
  db.transaction(() => {
    const days = `SELECT DISTINCT substr(started_at, 1, 10) FROM session WHERE rolled_up = 1`;
    for (const table of ['rollup_outcome', 'rollup_duration', 'rollup_step', 'rollup_feature', 'rollup_pack', 'rollup_day']) {
      db.prepare(`DELETE FROM "${table}" WHERE day IN (${days})`).run();
    }
    db.prepare('UPDATE session SET rolled_up = 0 WHERE rolled_up = 1').run();
  })();
}

/**
 * Copies the columns the fresh table has. Identifiers come from the fresh
 * store's own schema (and the SALVAGE constant), never from the damaged file.
 */
function copyTable(from: Database.Database, to: Database.Database, table: string, where: string): { copied: number; error?: string } {
  let copied = 0;
  let error: string | undefined;
  try {
    const columns = (to.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => `"${c.name}"`);
    const insert = to.prepare(`INSERT OR REPLACE INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    to.transaction(() => {
      try {
        const select = from.prepare(`SELECT ${columns.join(', ')} FROM "${table}" ${where}`).raw();
        for (const row of select.iterate() as IterableIterator<unknown[]>) {
          try {
            insert.run(row);
            copied++;
          } catch (err) {
            // Only a row the fresh CHECKs or foreign keys refuse is skipped; anything else ends the table.
            if (!String((err as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw err;
          }
        }
      } catch (err) {
        // Damage part-way through: keep the rows read so far.
        error = messageOf(err);
      }
    })();
  } catch (err) {
    return { copied: 0, error: messageOf(err) };
  }
  return error === undefined ? { copied } : { copied, error };
}

/**
 * Every content pack, or none: all their tables copied in one transaction, any row refused or unreadable
 * rolls the whole copy back. `copied` counts the packs kept.
 */
function copyPacks(from: Database.Database, to: Database.Database): { copied: number; error?: string } {
  try {
    return {
      copied: to.transaction(() => {
        for (const table of PACK_TABLES) {
          const columns = (to.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => `"${c.name}"`);
          const insert = to.prepare(`INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
          for (const row of from.prepare(`SELECT ${columns.join(', ')} FROM "${table}"`).raw().iterate() as IterableIterator<unknown[]>) insert.run(row);
        }
        return to.prepare('SELECT count(*) FROM pack').pluck().get() as number;
      })(),
    };
  } catch (err) {
    return { copied: 0, error: messageOf(err) };
  }
}

/** Settings are checked against their own rules: a garbled k must not lower suppression below the floor. */
function copySettings(from: Database.Database, to: Database.Database): { copied: number; error?: string } {
  let copied = 0;
  try {
    const read = from.prepare('SELECT value FROM setting WHERE key = ?');
    const write = to.prepare('UPDATE setting SET value = ? WHERE key = ?');
    for (const key of SETTING_KEYS) {
      const row = read.get(key) as { value: unknown } | undefined;
      if (!row || typeof row.value !== 'string' || row.value === '') continue;
      const value = key === 'kiosk_pseudonym' ? row.value : Number(row.value);
      if (settingProblem(key, value) !== null) continue;
      if (write.run(String(value), key).changes === 1) copied++;
    }
  } catch (err) {
    return { copied, error: messageOf(err) };
  }
  return { copied };
}
