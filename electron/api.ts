/**
 * The one contract between the touch UI and the rest of the kiosk.
 * Each method: a zod schema for its argument (checked in main before anything
 * runs) and a TypeScript type for its result. Results cross the bridge as
 * `{ ok: true, value }` or `{ ok: false, error }` so error kinds survive IPC.
 *
 * Free of DOM and Node: the renderer imports types from here, the main process
 * and the e2e harness import values.
 */
import { z } from 'zod';
import { LOCALES, type Category, type Document, type Fixer, type HandoffKind, type Locale } from '../db/content-schema';
import type { ContentView } from '../db/content-view';
import type { ApiMethod } from './api-methods';
import { SessionEventSchema, OutcomeSchema, type SessionEvent, type Outcome } from '../db/session-event';
import type { DashboardView } from '../db/dashboard';
import type { PackHistory, PackInfo, ImportRejection } from '../db/pack-types';
import type { PackProblem } from '../db/validate-pack';

export { LOCALES };
export type { Locale, Fixer, Category, Document, HandoffKind, SessionEvent, Outcome, DashboardView };
export type { PackHistory, PackInfo, ImportRejection, PackProblem };

export const LocaleSchema = z.enum(LOCALES);

/** A PIN typed on the on-screen pad: digits only. Strength rules live in db/pin-format.ts. */
const PinSchema = z.string().regex(/^\d{4,12}$/, 'a PIN is 4-12 digits');
/** An access token handed out by `unlock`; opaque to the UI. */
const TokenSchema = z.string().regex(/^[0-9a-f]{64}$/, 'not an access token');
const SessionIdSchema = z.int().positive();
const DaySchema = z.iso.date();
/** A drive as listUsbDrives named it; main checks it is still one of them. */
const DrivePathSchema = z.string().min(1).max(1024);
/** A file name at a drive's top level, as listUsbDrives listed it: no folder part. */
const PackFileNameSchema = z.string().min(1).max(255).regex(/^[^/\\]+$/, 'a file name, without a folder');
export const ROLES = ['staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SettingsSchema = z.strictObject({
  /** Seconds without a touch before "still there?" (issue 4). */
  idleTimeoutSeconds: z.int().min(30).max(600),
  /** Small-count suppression threshold for exports; never below 5. */
  statsK: z.int().min(5).max(1000),
  /** Days raw sessions and events are kept; each completed day is rolled up into daily totals the night after anyway. */
  retentionDays: z.int().min(1).max(3650),
  /** How this kiosk names itself in exports. */
  kioskPseudonym: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'pseudonym: 1-32 letters, digits, "_" or "-"'),
  /** Local hour 0-23 of the nightly restart window (electron/nightly-restart.ts), or -1: off. */
  nightlyRestartHour: z.int().min(-1).max(23),
});
/** The settings as read: the pseudonym is null until the admin sets one. */
export type KioskSettings = Omit<z.infer<typeof SettingsSchema>, 'kioskPseudonym'> & { kioskPseudonym: string | null };

/** Argument schemas, one per method. Unknown keys are rejected. */
export const argumentSchemas = {
  getKioskInfo: z.strictObject({}),
  getContent: z.strictObject({ locale: LocaleSchema }),
  startSession: z.strictObject({
    locale: LocaleSchema,
    /** A staff or admin token when a member of staff is guiding the customer; null for self-service. */
    assistedBy: TokenSchema.nullable(),
  }),
  logEvent: z.strictObject({ sessionId: SessionIdSchema, event: SessionEventSchema }),
  endSession: z.strictObject({ sessionId: SessionIdSchema, outcome: OutcomeSchema }),
  getAccessStatus: z.strictObject({}),
  setupAdminPin: z.strictObject({ pin: PinSchema }),
  unlock: z.strictObject({ pin: PinSchema }),
  lock: z.strictObject({ token: TokenSchema }),
  /** Staff or admin are still at the screen (their touches, throttled): the unlock does not expire under them. */
  keepUnlocked: z.strictObject({ token: TokenSchema }),
  getDashboard: z.strictObject({ token: TokenSchema, locale: LocaleSchema, days: z.int().min(1).max(366) }),
  listUsbDrives: z.strictObject({ token: TokenSchema }),
  exportStats: z.strictObject({ token: TokenSchema, drive: DrivePathSchema, from: DaySchema.nullable(), to: DaySchema.nullable() }),
  getSettings: z.strictObject({ token: TokenSchema }),
  updateSettings: z.strictObject({ token: TokenSchema, settings: SettingsSchema.partial() }),
  changePin: z.strictObject({ token: TokenSchema, role: z.enum(ROLES), pin: PinSchema }),
  quitKiosk: z.strictObject({ token: TokenSchema }),
  listPacks: z.strictObject({ token: TokenSchema }),
  importPackFromUsb: z.strictObject({ token: TokenSchema, drive: DrivePathSchema, file: PackFileNameSchema }),
  rollbackPack: z.strictObject({ token: TokenSchema }),
  getSelfTest: z.strictObject({ token: TokenSchema }),
} satisfies Record<ApiMethod, z.ZodType>;

export type ApiArgs = { [M in ApiMethod]: z.infer<(typeof argumentSchemas)[M]> };

// ---- result types ----

export interface KioskInfo {
  packId: string;
  packVersion: string;
  locales: readonly Locale[];
  /** Seconds without a touch before the customer screens ask "still there?" (admin setting). */
  idleTimeoutSeconds: number;
}

export type { HandoffView, StepView, CauseView, AnswerNext, AnswerView, QuestionView, ContentView } from '../db/content-view';

export interface AccessStatus {
  /** False on a fresh kiosk: the first start asks for the admin PIN. */
  adminConfigured: boolean;
  staffConfigured: boolean;
  /** ISO time until which the PIN pad refuses every PIN, or null. */
  lockedUntil: string | null;
}

export type UnlockResult =
  | { status: 'unlocked'; role: Role; token: string }
  | { status: 'wrong_pin'; remainingTries: number }
  | { status: 'locked'; lockedUntil: string }
  | { status: 'not_configured' };

/** A USB drive the admin can export to or import a pack from (electron/usb-drives.ts). */
export interface UsbDriveView {
  /** Where it is mounted; passed back as `drive`. */
  path: string;
  /** The volume's name or drive letter. */
  label: string;
  /** Space left, or null when the drive will not say. */
  freeBytes: number | null;
  /** The .json files at its top level, sorted: the content packs an admin can import (the first 50). */
  packFiles: string[];
  /** How many more .json files the drive holds than `packFiles` lists. */
  morePackFiles: number;
}

export interface ExportResultView {
  /** Where the files went: a new folder on the USB drive the admin chose. */
  folder: string;
  files: { name: string; rows: number }[];
  period: { from: string; to: string };
  k: number;
}

/** What an import from the USB stick did. The active pack changes only on `imported`. */
export type PackImportResult =
  | { status: 'imported'; packId: string; version: string; signedBy: string }
  /** Every problem found, each with its path in the pack (or `(file)`, `(signature)`). */
  | { status: 'rejected'; reason: ImportRejection; problems: PackProblem[] };

/**
 * The escape paths the installer self-test checks (issue 4), in the order the
 * admin page lists them. Each names one way a customer could leave the kiosk
 * page, reach the system or the network, or keep the kiosk down.
 */
export const SELF_TEST_IDS = [
  'kiosk_window',
  'menu_hidden',
  'devtools_closed',
  'renderer_sandboxed',
  'context_isolation',
  'node_integration_off',
  'navigation_locked',
  'new_windows_denied',
  'permissions_denied',
  'foreign_requests_blocked',
  'shortcuts_swallowed',
  'context_menu_blocked',
  'zoom_locked',
  'csp_strict',
  'single_instance',
  'crash_recovery',
] as const;
export type SelfTestId = (typeof SELF_TEST_IDS)[number];

export interface SelfTestCheck {
  id: SelfTestId;
  /** True when this escape path is closed on the running kiosk. */
  ok: boolean;
  /** What was looked at (a live probe, or "handler attached"), in the kiosk's own words (English). */
  detail: string;
}

export interface SelfTestReport {
  /** `harness`: the browser test harness, which is not a kiosk window and closes nothing. */
  shell: 'electron' | 'harness';
  checks: SelfTestCheck[];
  /**
   * Not an escape path: whether the main process runs with V8's young
   * generation capped (electron/memory-cap.ts). Also the last sentence of the
   * crash_recovery detail, so the admin page shows it. Absent in the harness.
   */
  memoryCap?: { on: boolean; detail: string };
}

export interface ApiResults {
  getKioskInfo: KioskInfo;
  getContent: ContentView;
  startSession: { sessionId: number; assisted: boolean };
  logEvent: Record<string, never>;
  endSession: Record<string, never>;
  getAccessStatus: AccessStatus;
  setupAdminPin: { token: string };
  unlock: UnlockResult;
  lock: Record<string, never>;
  keepUnlocked: Record<string, never>;
  getDashboard: DashboardView;
  /** The USB drives plugged in now, each with the pack files at its top level. */
  listUsbDrives: UsbDriveView[];
  exportStats: ExportResultView;
  getSettings: KioskSettings;
  updateSettings: KioskSettings;
  changePin: Record<string, never>;
  quitKiosk: Record<string, never>;
  listPacks: PackHistory;
  importPackFromUsb: PackImportResult;
  /** The packs after the rollback. Refused (`rejected`) when there is no previous pack. */
  rollbackPack: PackHistory;
  getSelfTest: SelfTestReport;
}

// ---- the envelope ----

export const API_ERROR_CODES = [
  'invalid_argument',
  'unknown_method',
  'no_active_pack',
  'forbidden',
  /** The token is missing, expired, locked, or of a role that may not do this. */
  'unauthorized',
  /** A request the state refuses: a second admin setup, a weak PIN, an event on an ended session. */
  'rejected',
  /** The store cannot be written (full disk, read-only): the kiosk keeps serving content. */
  'storage_unavailable',
  'export_failed',
  /** The USB drive (or the pack file on it) named in the call is no longer there: unplugged since it was listed. */
  'drive_gone',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * Why a call was refused, where the screen says it in the person's own
 * language: the message is English, for logs and IT, and the admin screens
 * are in three languages.
 */
export const API_ERROR_REASONS = [
  /** A new PIN that is one digit repeated or a straight run. */
  'pin_too_easy',
  /** A new staff PIN equal to the admin PIN, or the other way round. */
  'pin_same_as_other_role',
  /** An export before the kiosk's name in exports (its pseudonym) is set. */
  'export_no_pseudonym',
] as const;
export type ApiErrorReason = (typeof API_ERROR_REASONS)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** For invalid_argument: one line per problem, with its path. */
  details: string[];
  /** Set where the screen has its own words for the refusal. */
  reason?: ApiErrorReason;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The object the preload puts on `window.kiosk`. */
export type KioskApi = { [M in ApiMethod]: (arg: ApiArgs[M]) => Promise<ApiResult<ApiResults[M]>> };
