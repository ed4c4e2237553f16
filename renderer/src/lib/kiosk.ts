/**
 * The renderer's only door to the kiosk: `window.kiosk`, read once, here.
 * Types come from the contract (electron/api.ts); no value is imported from
 * it, so nothing from zod or Node reaches the browser bundle.
 *
 * Every call resolves (never throws) to `{ ok: true, value }` or
 * `{ ok: false, error }`: a missing bridge or a rejected promise becomes an
 * error with its own code, so the UI has one path for "something is wrong".
 */
import type { ApiArgs, ApiErrorCode, ApiErrorReason, ApiResults, KioskApi } from '../../../electron/api';
import type { ApiMethod } from '../../../electron/api-methods';

/** Error codes of the contract, plus the two only the renderer can see. */
export type KioskErrorCode = ApiErrorCode | 'bridge_missing' | 'call_failed' | 'bad_response';

export interface KioskError {
  code: KioskErrorCode;
  message: string;
  /** For invalid_argument: one line per problem (shown on the admin settings screen). */
  details: readonly string[];
  /** Why, where the screen has its own words for it (the message is English). */
  reason?: ApiErrorReason;
}

export type KioskResult<T> = { ok: true; value: T } | { ok: false; error: KioskError };

/** What the UI calls. Same method names and arguments as `KioskApi`. */
export type KioskClient = { [M in ApiMethod]: (arg: ApiArgs[M]) => Promise<KioskResult<ApiResults[M]>> };

/** The contract's `API_ERROR_REASONS`, spelled out here: values are not imported from it. */
const KNOWN_REASONS = ['pin_too_easy', 'pin_same_as_other_role', 'export_no_pseudonym'] as const satisfies readonly ApiErrorReason[];
// Fails to compile when the contract gains a reason this list lacks.
const everyReasonKnown: [Exclude<ApiErrorReason, (typeof KNOWN_REASONS)[number]>] extends [never] ? true : never = true;
void everyReasonKnown;

function isEnvelope(x: unknown): x is { ok: boolean; value?: unknown; error?: { code?: unknown; message?: unknown } } {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean';
}

async function callSafely<M extends ApiMethod>(api: KioskApi | null, method: M, arg: ApiArgs[M]): Promise<KioskResult<ApiResults[M]>> {
  if (!api || typeof api[method] !== 'function') {
    return { ok: false, error: { code: 'bridge_missing', message: `window.kiosk.${method} is not available.`, details: [] } };
  }
  let raw: unknown;
  try {
    // The mapped type loses the link between `method` and `arg`; the signature above keeps it for callers.
    raw = await (api[method] as (a: ApiArgs[M]) => Promise<unknown>)(arg);
  } catch (err) {
    return { ok: false, error: { code: 'call_failed', message: err instanceof Error ? err.message : String(err), details: [] } };
  }
  if (!isEnvelope(raw)) {
    return { ok: false, error: { code: 'bad_response', message: `window.kiosk.${method} returned something that is not a result.`, details: [] } };
  }
  if (raw.ok) return { ok: true, value: raw.value as ApiResults[M] };
  const code = typeof raw.error?.code === 'string' ? (raw.error.code as ApiErrorCode) : 'bad_response';
  const message = typeof raw.error?.message === 'string' ? raw.error.message : 'no message';
  const rawDetails = (raw.error as { details?: unknown } | undefined)?.details;
  const details = Array.isArray(rawDetails) ? rawDetails.filter((d): d is string => typeof d === 'string') : [];
  const rawReason = (raw.error as { reason?: unknown } | undefined)?.reason;
  const reason = typeof rawReason === 'string' && (KNOWN_REASONS as readonly string[]).includes(rawReason) ? (rawReason as ApiErrorReason) : undefined;
  return { ok: false, error: { code, message, details, ...(reason === undefined ? {} : { reason }) } };
}

/** Wraps a bridge object (the real one, or a fake in tests) into a client that never throws. */
export function createKioskClient(api: KioskApi | null): KioskClient {
  return {
    getKioskInfo: (arg) => callSafely(api, 'getKioskInfo', arg),
    getContent: (arg) => callSafely(api, 'getContent', arg),
    startSession: (arg) => callSafely(api, 'startSession', arg),
    logEvent: (arg) => callSafely(api, 'logEvent', arg),
    endSession: (arg) => callSafely(api, 'endSession', arg),
    getAccessStatus: (arg) => callSafely(api, 'getAccessStatus', arg),
    setupAdminPin: (arg) => callSafely(api, 'setupAdminPin', arg),
    unlock: (arg) => callSafely(api, 'unlock', arg),
    lock: (arg) => callSafely(api, 'lock', arg),
    keepUnlocked: (arg) => callSafely(api, 'keepUnlocked', arg),
    getDashboard: (arg) => callSafely(api, 'getDashboard', arg),
    listUsbDrives: (arg) => callSafely(api, 'listUsbDrives', arg),
    exportStats: (arg) => callSafely(api, 'exportStats', arg),
    getSettings: (arg) => callSafely(api, 'getSettings', arg),
    updateSettings: (arg) => callSafely(api, 'updateSettings', arg),
    changePin: (arg) => callSafely(api, 'changePin', arg),
    quitKiosk: (arg) => callSafely(api, 'quitKiosk', arg),
    listPacks: (arg) => callSafely(api, 'listPacks', arg),
    importPackFromUsb: (arg) => callSafely(api, 'importPackFromUsb', arg),
    rollbackPack: (arg) => callSafely(api, 'rollbackPack', arg),
    getSelfTest: (arg) => callSafely(api, 'getSelfTest', arg),
  };
}

/** The bridge as the preload (or the e2e harness) left it. Read once. */
function readBridge(): KioskApi | null {
  if (typeof window === 'undefined') return null;
  return (window as Window & { kiosk?: KioskApi }).kiosk ?? null;
}

let client: KioskClient | undefined;

/** The kiosk client for this page, created on first use. */
export function kiosk(): KioskClient {
  client ??= createKioskClient(readBridge());
  return client;
}
