/**
 * health.json beside the store, for branch IT (issue 4): is the kiosk up,
 * how often has the screen crashed, which pack is live, how big is the store,
 * when was the last export. Rewritten atomically every minute and after every
 * renderer failure, so a monitoring script or a glance over SSH always reads
 * a whole file.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { readActivePackInfo } from '../db/content-read';
import { newestAuditId, pinLockoutsAfter, summarizePinLockouts, type PinLockout, type PinLockoutSummary } from '../db/audit';
import { MAX_TRIES } from '../db/pins';
import type { MemoryCapStatus } from './memory-cap';
import type { StorageProblem } from './handlers';
import type { StoreCheck } from './damage-restart';
import { writeJsonFile } from './json-file';

export interface HealthReport {
  schemaVersion: 1;
  writtenAt: string;
  startedAt: string;
  uptimeSeconds: number;
  rendererFailures: number;
  lastRecovery: { at: string; reason: string; gaveUp: boolean } | null;
  pack: { packId: string; version: string } | null;
  databaseBytes: number;
  lastExportAt: string | null;
  /**
   * Whether the main process was started with V8's young generation capped
   * (electron/memory-cap.ts): `on: false` costs about 16 MB of memory, not the
   * service; `detail` says how to start it. null: not known (not the Electron shell).
   */
  mainMemoryCap: { on: boolean; detail: string } | null;
  /**
   * Why the kiosk shows only the out-of-order page: the store could not be opened, or a provisioning file
   * that failed left no admin PIN. null when it serves.
   */
  outOfOrder: string | null;
  /**
   * The latest call the store refused since the kiosk started (SQLite's code, the API method, when), or
   * null. SQLITE_FULL: free disk space; SQLITE_READONLY: check the folder's permissions; SQLITE_CORRUPT or
   * SQLITE_NOTADB: the store is damaged; the kiosk restarts once nobody has used it for 11 minutes,
   * and that start moves it aside and recovers what reads (README, "Store safety"). Meanwhile help keeps being served and session logging pauses.
   */
  storeProblem: { at: string; code: string; method: string } | null;
  /**
   * The last time the kiosk restarted itself for damage it met while running (electron/damage-restart.ts),
   * why, and what the next start's full integrity check found ('sound', or what it moved aside); null if it
   * never has. `checkedAt` null: the restart is done, the check not yet.
   */
  storeCheck: StoreCheck | null;
  /**
   * The PIN pad's lockouts (5 wrong PINs in a row) from the audit log: how many in the last 24 hours and
   * 7 days, and the last one (when, how many minutes it held, the how-manieth since the last correct PIN).
   * Someone trying PINs at the kiosk shows here first. No PIN and no role: a wrong PIN belongs to nobody.
   * null: no store (out of order), or the log could not be read.
   */
  pinLockouts: PinLockoutSummary | null;
}

export interface HealthState {
  startedAt: Date;
  rendererFailures: number;
  lastRecovery: HealthReport['lastRecovery'];
  memoryCap: MemoryCapStatus | null;
  outOfOrder: string | null;
  storeProblem: HealthReport['storeProblem'];
  storeCheck: StoreCheck | null;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** `db` is null when the store could not be opened: the report still says the kiosk is up, and why it is out of order. */
export function buildHealthReport(db: Database.Database | null, dbFile: string, state: HealthState, now: Date): HealthReport {
  let pack: HealthReport['pack'] = null;
  let lastExportAt: string | null = null;
  if (db !== null) {
    try {
      const info = readActivePackInfo(db);
      pack = { packId: info.packId, version: info.version };
      const row = db.prepare("SELECT at FROM audit_log WHERE action = 'stats_exported' ORDER BY at DESC LIMIT 1").get() as { at: string } | undefined;
      lastExportAt = row?.at ?? null;
    } catch {
      // A health file that says "no pack" is more use to IT than none at all.
    }
  }
  let pinLockouts: PinLockoutSummary | null = null;
  if (db !== null) {
    try {
      pinLockouts = summarizePinLockouts(db, now);
    } catch {
      // As above: the rest of the report still helps.
    }
  }
  return {
    schemaVersion: 1,
    writtenAt: now.toISOString(),
    startedAt: state.startedAt.toISOString(),
    uptimeSeconds: Math.max(0, Math.round((now.getTime() - state.startedAt.getTime()) / 1000)),
    rendererFailures: state.rendererFailures,
    lastRecovery: state.lastRecovery,
    pack,
    databaseBytes: fileSize(dbFile) + fileSize(`${dbFile}-wal`),
    lastExportAt,
    mainMemoryCap: state.memoryCap ? { on: state.memoryCap.on, detail: state.memoryCap.detail } : null,
    outOfOrder: state.outOfOrder,
    storeProblem: state.storeProblem,
    storeCheck: state.storeCheck,
    pinLockouts,
  };
}

/** The journal line for one lockout; never a PIN, which the audit row does not hold. */
export function pinLockoutLogLine(lockout: PinLockout): string {
  const held = lockout.minutes === null ? '' : ` for ${lockout.minutes} min`;
  const nth = lockout.inARow === null ? '' : ` (lockout ${lockout.inARow} since the last correct PIN)`;
  return `[kiosk] PIN pad locked${held} at ${lockout.at}: ${MAX_TRIES} wrong PINs in a row${nth}`;
}

export interface HealthWriter {
  state: HealthState;
  /** Record a renderer failure and rewrite the file at once. */
  recordFailure(event: { reason: string; at: Date; gaveUp: boolean }): void;
  /** Record a call the store refused; the file is rewritten at once when its code is new. */
  recordStoreProblem(problem: StorageProblem): void;
  /**
   * Logs each PIN-pad lockout recorded since the last look, once, and rewrites the file when there was one.
   * Every rewrite (each minute) looks too; calling this after a PIN try makes it at once.
   */
  notePinLockouts(): void;
  writeNow(): void;
  stop(): void;
}

export function startHealthWriter(
  db: Database.Database | null,
  dbFile: string,
  file: string,
  options: {
    intervalMs?: number;
    now?: () => Date;
    log?: (message: string) => void;
    memoryCap?: MemoryCapStatus;
    outOfOrder?: string;
    storeCheck?: StoreCheck | null;
  } = {},
): HealthWriter {
  const now = options.now ?? (() => new Date());
  const state: HealthState = {
    startedAt: now(),
    rendererFailures: 0,
    lastRecovery: null,
    memoryCap: options.memoryCap ?? null,
    outOfOrder: options.outOfOrder ?? null,
    storeProblem: null,
    storeCheck: options.storeCheck ?? null,
  };
  // Where the log stood when we first read it: lockouts from before were logged by the run that recorded
  // them (and are counted in the file anyway). null until the audit log has been read once.
  let lockoutsSeenUpTo: number | null = null;
  /** True when a lockout was new. db/pins.ts writes the audit row; this is how the shell hears of it without a hook there. */
  const logNewLockouts = (): boolean => {
    if (db === null) return false;
    let found = false;
    try {
      if (lockoutsSeenUpTo === null) {
        lockoutsSeenUpTo = newestAuditId(db);
        return false;
      }
      for (const lockout of pinLockoutsAfter(db, lockoutsSeenUpTo)) {
        lockoutsSeenUpTo = lockout.id;
        found = true;
        options.log?.(pinLockoutLogLine(lockout));
      }
    } catch {
      // A store that refuses reads is reported through storeProblem; the next minute tries again.
    }
    return found;
  };
  const write = (): void => {
    try {
      writeJsonFile(file, buildHealthReport(db, dbFile, state, now()));
    } catch (err) {
      // A full disk must not take the kiosk down for the sake of a status file.
      options.log?.(`[kiosk] could not write ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const writeNow = (): void => {
    logNewLockouts();
    write();
  };
  const timer = setInterval(writeNow, options.intervalMs ?? 60_000);
  timer.unref();
  writeNow();
  return {
    state,
    recordFailure(event) {
      state.rendererFailures += 1;
      state.lastRecovery = { at: event.at.toISOString(), reason: event.reason, gaveUp: event.gaveUp };
      writeNow();
    },
    recordStoreProblem(problem) {
      const changed = state.storeProblem?.code !== problem.code;
      state.storeProblem = { at: problem.at.toISOString(), code: problem.code, method: problem.method };
      // At once when it is new (and said once in the log); a full disk refuses every tap's write, and
      // rewriting the file for each would only fail the same way: the minute's rewrite carries the rest.
      if (changed) {
        options.log?.(`[kiosk] the store refused ${problem.method}: ${problem.code}`);
        writeNow();
      }
    },
    notePinLockouts() {
      if (logNewLockouts()) write();
    },
    writeNow,
    stop() {
      clearInterval(timer);
      writeNow();
    },
  };
}
