/**
 * Every API method mapped to the core, arguments validated first. Shared by
 * the Electron IPC layer (ipc.ts) and the e2e harness, so both shells answer
 * exactly the same way.
 */
import type Database from 'better-sqlite3';
import { isHung, packFilesOn, readPackFromDrive, type UsbDrive } from './usb-drives';
import { makeExportFolder, MAX_EXPORTS_PER_FOLDER_AND_DAY, onDrive, removeEmptyFolder, removeExportFolder, type DriveWorkDone } from './export-folder';
import { API_METHODS, type ApiMethod } from './api-methods';
import { argumentSchemas, type ApiArgs, type ApiError, type ApiErrorReason, type ApiResult, type ApiResults, type Role, type SelfTestReport } from './api';
import { readContentView, readActivePackInfo, NoActivePackError } from '../db/content-read';
import { startSession, logPackEvent, endSession, SessionError } from '../db/sessions';
import { getPinPadState, isStaffPinSet, setInitialAdminPin, setPin, verifyPin, PinError } from '../db/pins';
import { AccessError, type AccessTokens } from '../db/access-tokens';
import { recordAudit } from '../db/audit';
import { readDashboard, recentPeriod } from '../db/dashboard';
import { readKioskSettings, updateKioskSettings } from '../db/kiosk-settings';
import { InvalidSettingError } from '../db/settings';
import { runExportInWorker, type ExportResult } from '../db/export-worker';
import { ExportError } from '../db/export-stats';
import { rememberExportedPeriod } from '../db/export-periods';
import type { Period } from '../db/days';
import { importPackBytes } from '../db/pack-file-import';
import { readFontCoverageFile, type FontCoverage } from '../db/font-coverage';
import { readPackHistory, rollbackPack } from '../db/pack-history';
import type { PackProblem } from '../db/validate-pack';

export interface HandlerContext {
  db: Database.Database;
  /** The store's file; the export worker opens its own connection to it. */
  dbFile: string;
  /** better-sqlite3 built for Electron's ABI, passed on to workers. */
  nativeBinding?: string;
  tokens: AccessTokens;
  now: () => Date;
  /**
   * The USB drives plugged in now: found by electron/usb-drives.ts in Electron, a set folder in the
   * harness. Exports go to one of them and packs come from one; the page lists them, no OS dialog.
   */
  usbDrives: () => Promise<UsbDrive[]>;
  /** Ends the kiosk (admin only). */
  quit: () => void;
  /** The build's list of what the kiosk's fonts draw (out/renderer/font-coverage.json): an imported pack must need no more. */
  fontCoverageFile: string;
  /** A development build (harness, unpackaged Electron): packs signed with the committed development key are accepted. */
  trustDevelopmentKey?: boolean;
  /** The installer self-test: which escape paths the running shell has closed (admin only). */
  selfTest: () => Promise<SelfTestReport>;
  /** A call the store refused (full, read-only, damaged): the shell tells IT in health.json. */
  onStorageProblem?: (problem: StorageProblem) => void;
}

/** What the store refused, for health.json: SQLite's code, the API method, when. */
export interface StorageProblem {
  code: string;
  method: string;
  at: Date;
}

/** An error with a kind the UI can act on; anything else becomes `internal`. */
export class HandlerError extends Error {
  constructor(readonly code: ApiError['code'], message: string, readonly details: string[] = []) {
    super(message);
    this.name = 'HandlerError';
  }
}

/**
 * The drive the page named, if it is still plugged in. Only a drive from the kiosk's own list: the
 * renderer never gets to name a folder of the kiosk's disk.
 */
async function connectedDrive(ctx: HandlerContext, drive: string): Promise<UsbDrive> {
  const found = (await ctx.usbDrives()).find((d) => d.path === drive);
  if (!found) throw driveGone(drive);
  return found;
}

/** Only a file the drive's own listing shows: the name cannot reach outside the drive's top level. */
async function requireListedPackFile(drive: string, file: string): Promise<void> {
  if (!(await packFilesOn(drive)).files.includes(file)) throw new HandlerError('drive_gone', `${file} is not on the USB drive ${drive} any more.`);
}

function driveGone(drive: string): HandlerError {
  return new HandlerError('drive_gone', `The USB drive ${drive} is not connected any more. Plug it in again, or choose another drive.`);
}

function driveNotAnswering(drive: string, doing: string): HandlerError {
  return new HandlerError('drive_gone', `The USB drive ${drive} stopped answering while ${doing}: it may have been pulled out.`);
}

/**
 * An export whose drive answered after the admin was told it had stopped: kept and audited if it
 * passed its own check, otherwise taken off the drive, as it would have been on time.
 */
async function settleLateExport(ctx: HandlerContext, drive: UsbDrive, outDir: string, late: DriveWorkDone<ExportResult>): Promise<void> {
  try {
    if (late.kind === 'failed') await removeEmptyFolder(outDir, drive);
    else if (late.value.problems.length > 0) await removeExportFolder(outDir, drive);
    else noteExport(ctx, late.value.manifest.period, ',late');
  } catch (err) {
    // The store closed meanwhile (the kiosk quit): nothing left to record it in.
    console.error(`[kiosk] a late export to ${outDir} could not be settled: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** An export on the drive: audited, and its period remembered, so the next one carries on from it (db/export-periods.ts). */
function noteExport(ctx: HandlerContext, period: Period, suffix: string): void {
  ctx.db.transaction(() => {
    rememberExportedPeriod(ctx.db, period, ctx.now());
    audit(ctx, 'admin', 'stats_exported', `${period.from}..${period.to}${suffix}`);
  })();
}

/** Problems an import lists at most; the rest are counted in one last line (npm run pack:check lists them all). */
export const MAX_IMPORT_PROBLEMS = 200;

function boundProblems(problems: PackProblem[]): PackProblem[] {
  if (problems.length <= MAX_IMPORT_PROBLEMS) return problems;
  const shown = problems.slice(0, MAX_IMPORT_PROBLEMS - 1);
  const more = problems.length - shown.length;
  return [...shown, { path: '(pack)', message: `${more} more problems not listed here; "npm run pack:check" lists them all` }];
}

type Implementations = { [M in ApiMethod]: (ctx: HandlerContext, arg: ApiArgs[M]) => ApiResults[M] | Promise<ApiResults[M]> };

function requireRole(ctx: HandlerContext, token: string, role: Role): Role {
  try {
    return ctx.tokens.check(token, role, ctx.now());
  } catch (err) {
    if (err instanceof AccessError) throw new HandlerError('unauthorized', err.message);
    throw err;
  }
}

function audit(ctx: HandlerContext, role: Role, action: string, detail?: string): void {
  recordAudit(ctx.db, { role, action, now: ctx.now(), ...(detail === undefined ? {} : { detail }) });
}

const implementations: Implementations = {
  getKioskInfo: function getKioskInfo(ctx) {
    const info = readActivePackInfo(ctx.db);
    return {
      packId: info.packId,
      packVersion: info.version,
      locales: ['zh-Hans', 'zh-Hant', 'en'],
      idleTimeoutSeconds: readKioskSettings(ctx.db).idleTimeoutSeconds,
    };
  },

  getContent: function getContent(ctx, arg) {
    return readContentView(ctx.db, arg.locale);
  },

  startSession: function startCustomerSession(ctx, arg) {
    // Assisted only when the token is a live staff (or admin) unlock: the UI cannot just claim it.
    // Not a use of the token: customers starting sessions must not keep an unlock alive that staff walked away from.
    let assisted = false;
    if (arg.assistedBy !== null) {
      try {
        ctx.tokens.peek(arg.assistedBy, 'staff', ctx.now());
        assisted = true;
      } catch (err) {
        if (!(err instanceof AccessError)) throw err;
      }
    }
    const pack = readActivePackInfo(ctx.db);
    const sessionId = startSession(ctx.db, { packId: pack.packId, packVersion: pack.version, locale: arg.locale, assisted, now: ctx.now() });
    return { sessionId, assisted };
  },

  logEvent: function logSessionEvent(ctx, arg) {
    // Only ids of the session's own pack reach the log, and so the exports.
    logPackEvent(ctx.db, arg.sessionId, arg.event, ctx.now());
    return {};
  },

  endSession: function endCustomerSession(ctx, arg) {
    endSession(ctx.db, arg.sessionId, arg.outcome, ctx.now());
    return {};
  },

  getAccessStatus: function getAccessStatus(ctx) {
    const pad = getPinPadState(ctx.db, ctx.now());
    return {
      adminConfigured: pad.configured,
      staffConfigured: isStaffPinSet(ctx.db),
      lockedUntil: pad.configured && pad.locked ? pad.lockedUntil : null,
    };
  },

  setupAdminPin: async function setupAdminPin(ctx, arg) {
    await setInitialAdminPin(ctx.db, arg.pin, ctx.now());
    audit(ctx, 'admin', 'admin_pin_set_up');
    return { token: ctx.tokens.issue('admin', ctx.now()) };
  },

  unlock: async function unlock(ctx, arg) {
    const result = await verifyPin(ctx.db, arg.pin, ctx.now());
    if (result.ok) return { status: 'unlocked', role: result.role, token: ctx.tokens.issue(result.role, ctx.now()) };
    if (result.reason === 'wrong_pin') return { status: 'wrong_pin', remainingTries: result.remainingTries };
    if (result.reason === 'locked') return { status: 'locked', lockedUntil: result.lockedUntil };
    return { status: 'not_configured' };
  },

  lock: function lock(ctx, arg) {
    ctx.tokens.revoke(arg.token);
    return {};
  },

  keepUnlocked: function keepUnlocked(ctx, arg) {
    requireRole(ctx, arg.token, 'staff');
    return {};
  },

  getDashboard: function getDashboard(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    return readDashboard(ctx.db, arg.locale, recentPeriod(arg.days, ctx.now()));
  },

  listUsbDrives: async function listUsbDrives(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    const drives = await ctx.usbDrives();
    const listed = await Promise.all(
      drives.map(async (d) => {
        const packs = await packFilesOn(d.path);
        return { path: d.path, label: d.label, freeBytes: d.freeBytes, packFiles: packs.files, morePackFiles: packs.more };
      }),
    );
    // A drive that stopped answering while its files were read is not shown as one with no packs.
    return listed.filter((d) => !isHung(d.path));
  },

  exportStats: async function exportStatsToDrive(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    const drive = await connectedDrive(ctx, arg.drive);
    const today = ctx.now().toISOString().slice(0, 10);
    const options = { ...(arg.from ? { from: arg.from } : {}), ...(arg.to ? { to: arg.to } : {}), today };
    const folder = await makeExportFolder(drive, today);
    if (folder.kind === 'hung') throw driveNotAnswering(drive.path, 'the export folder was made');
    if (folder.kind === 'not_on_drive') throw driveGone(drive.path);
    if (folder.kind === 'too_many') {
      throw new HandlerError('export_failed', `${drive.path} already holds ${MAX_EXPORTS_PER_FOLDER_AND_DAY} exports from ${today}; move them off the drive or use another one.`);
    }
    const outDir = folder.dir;
    const written = await onDrive(
      drive,
      () => runExportInWorker({ file: ctx.dbFile, ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}), outDir, options }),
      (late) => void settleLateExport(ctx, drive, outDir, late),
    );
    if (written.kind === 'hung') {
      throw driveNotAnswering(drive.path, `the export was written to ${outDir} (should it finish, it is audited then; a folder without manifest.json is no export)`);
    }
    if (written.kind === 'failed') {
      await removeEmptyFolder(outDir, drive);
      throw written.error;
    }
    const result = written.value;
    if (result.problems.length > 0) {
      // Nothing that failed the check stays on the stick to be taken for an export: the folder is the
      // export's own (makeExportFolder made it empty), so all of it goes.
      const removed = await removeExportFolder(outDir, drive);
      throw new HandlerError(
        'export_failed',
        `The export did not pass its own check${removed ? ', so its files were taken off the drive' : ` and must not be used: delete ${outDir}`}.`,
        result.problems.map((p) => `${p.file ?? ''} ${p.message}`.trim()),
      );
    }
    try {
      noteExport(ctx, result.manifest.period, '');
    } catch (err) {
      // The export is on the drive and passed its check: a store too full to note it must not tell the
      // admin it failed (they would export again). health.json's last export stays the one before.
      console.error(`[kiosk] export to ${result.dir} written, but not audited: ${err instanceof Error ? err.message : String(err)}`);
    }
    return {
      folder: result.dir,
      files: result.manifest.files.map((f) => ({ name: f.name, rows: f.rows })),
      period: result.manifest.period,
      k: result.manifest.k,
    };
  },

  getSettings: function getSettings(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    return readKioskSettings(ctx.db);
  },

  updateSettings: function updateSettings(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    const updated = updateKioskSettings(ctx.db, arg.settings);
    audit(ctx, 'admin', 'settings_changed', Object.keys(arg.settings).sort().join(','));
    return updated;
  },

  changePin: async function changePin(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    await setPin(ctx.db, arg.role, arg.pin, ctx.now());
    audit(ctx, 'admin', `${arg.role}_pin_changed`);
    return {};
  },

  quitKiosk: function quitKiosk(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    audit(ctx, 'admin', 'kiosk_quit');
    ctx.tokens.revokeAll();
    // After the reply has gone out, so the UI hears that it worked.
    setTimeout(ctx.quit, 50);
    return {};
  },

  listPacks: function listPacks(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    return readPackHistory(ctx.db);
  },

  importPackFromUsb: async function importPackFromUsb(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    const drive = (await connectedDrive(ctx, arg.drive)).path;
    await requireListedPackFile(drive, arg.file);
    let fontCoverage: FontCoverage;
    try {
      fontCoverage = readFontCoverageFile(ctx.fontCoverageFile);
    } catch (err) {
      throw new HandlerError('internal', `Cannot check the pack's characters against this kiosk's fonts: ${(err as Error).message}.`);
    }
    const read = await readPackFromDrive(drive, arg.file);
    if (!read) throw driveNotAnswering(drive, `${arg.file} was read`);
    // A read that failed (not one refused for what the file is) may mean the stick was pulled: a
    // missing signature is then no reason to call the pack unsigned. Look at the drive again.
    if ([read.pack, read.signature].some((r) => !r.ok && r.cause !== 'refused')) {
      await connectedDrive(ctx, drive);
      await requireListedPackFile(drive, arg.file);
    }
    const result = importPackBytes(ctx.db, read, { now: ctx.now(), role: 'admin', trustDevelopmentKey: ctx.trustDevelopmentKey ?? false, fontCoverage });
    return result.status === 'imported' ? result : { ...result, problems: boundProblems(result.problems) };
  },

  rollbackPack: function rollbackToPreviousPack(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    const result = rollbackPack(ctx.db, { now: ctx.now(), role: 'admin' });
    if (!result.ok) {
      throw new HandlerError(
        result.reason === 'no_active_pack' ? 'no_active_pack' : 'rejected',
        result.reason === 'no_active_pack' ? 'No content pack is active.' : 'There is no previous content pack to roll back to.',
      );
    }
    return readPackHistory(ctx.db);
  },

  getSelfTest: async function getSelfTest(ctx, arg) {
    requireRole(ctx, arg.token, 'admin');
    return ctx.selfTest();
  },
};

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

function failure(code: ApiError['code'], message: string, details: string[] = [], reason?: ApiErrorReason): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message, details, ...(reason === undefined ? {} : { reason }) } };
}

/** The core's refusals that the screens put in words of their own. */
function reasonOf(err: PinError | ExportError): ApiErrorReason | undefined {
  if (err instanceof PinError) {
    if (err.code === 'weak_pin') return 'pin_too_easy';
    if (err.code === 'same_as_other_role') return 'pin_same_as_other_role';
    return undefined;
  }
  return err.code === 'no_pseudonym' ? 'export_no_pseudonym' : undefined;
}

const MAX_DETAILS = 20;
const MAX_DETAIL_CHARS = 200;
function clip(line: string): string {
  return line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS - 1)}…` : line;
}

const STORAGE_ERRORS = new Set(['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_NOTADB']);

function errorToFailure(method: string, err: unknown): { ok: false; error: ApiError } {
  if (err instanceof HandlerError) return failure(err.code, err.message, err.details);
  if (err instanceof NoActivePackError) return failure('no_active_pack', err.message);
  if (err instanceof SessionError || err instanceof PinError || err instanceof InvalidSettingError) {
    const details = 'details' in err && Array.isArray(err.details) ? (err.details as string[]) : [];
    return failure('rejected', err.message, details, err instanceof PinError ? reasonOf(err) : undefined);
  }
  if (err instanceof ExportError) return failure('export_failed', err.message, [], reasonOf(err));
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && [...STORAGE_ERRORS].some((c) => code.startsWith(c))) {
    return failure('storage_unavailable', `The kiosk's store cannot be written right now (${code}). Help content still works.`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return failure('internal', `${method} failed: ${message}`);
}

/**
 * Runs one call from the UI. Never throws or rejects: bad input and internal
 * failures both come back as a structured error the UI can show.
 */
export async function handleCall(ctx: HandlerContext, method: string, rawArg: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) return failure('unknown_method', `No API method named "${method.slice(0, 64)}".`);
  const parsed = argumentSchemas[method].safeParse(rawArg);
  if (!parsed.success) {
    // Bounded: a hostile argument (a 200 kB key name, thousands of issues) must not come back amplified.
    const details = parsed.error.issues
      .slice(0, MAX_DETAILS)
      .map((i) => clip(`${i.path.length ? i.path.map(String).join('.') : '(argument)'}: ${i.message}`));
    return failure('invalid_argument', `Invalid argument for ${method}.`, details);
  }
  try {
    const run = implementations[method] as (ctx: HandlerContext, arg: unknown) => unknown;
    return { ok: true, value: await run(ctx, parsed.data) };
  } catch (err) {
    const failed = errorToFailure(method, err);
    if (failed.error.code === 'storage_unavailable') reportStorageProblem(ctx, method, err);
    return failed;
  }
}

function reportStorageProblem(ctx: HandlerContext, method: string, err: unknown): void {
  try {
    ctx.onStorageProblem?.({ code: String((err as { code?: unknown }).code), method, at: ctx.now() });
  } catch {
    // Telling IT must never change the customer's answer.
  }
}
