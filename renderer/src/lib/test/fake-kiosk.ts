/**
 * A fresh fake kiosk bridge (what the preload puts on the window) per test: every method answers something
 * sensible, any of them can be replaced, and every call is recorded in order.
 */
import type { ApiArgs, ApiResult, ApiResults, ContentView, KioskApi, Locale } from '../../../../electron/api';
import type { ApiMethod } from '../../../../electron/api-methods';
import { createKioskClient, type KioskClient } from '../kiosk';

export type Call = { [M in ApiMethod]: { method: M; arg: ApiArgs[M] } }[ApiMethod];

export interface FakeKiosk {
  api: KioskApi;
  client: KioskClient;
  /** Every call, in the order the UI made it. */
  calls: Call[];
  /** Only the calls of these methods. */
  callsTo<M extends ApiMethod>(...methods: M[]): Extract<Call, { method: M }>[];
}

const ok = <T>(value: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, value });

type Overrides = { [M in ApiMethod]?: (arg: ApiArgs[M]) => Promise<ApiResult<ApiResults[M]>> };

export function fakeKiosk(content: (locale: Locale) => ContentView, overrides: Overrides = {}): FakeKiosk {
  let nextSession = 1;
  const defaults: KioskApi = {
    getKioskInfo: () => ok({ packId: 'fake', packVersion: '1.0.0', locales: ['zh-Hans', 'zh-Hant', 'en'], idleTimeoutSeconds: 90 }),
    getContent: ({ locale }) => ok(content(locale)),
    startSession: ({ assistedBy }) => ok({ sessionId: nextSession++, assisted: assistedBy !== null }),
    logEvent: () => ok({}),
    endSession: () => ok({}),
    getAccessStatus: () => ok({ adminConfigured: true, staffConfigured: true, lockedUntil: null }),
    setupAdminPin: () => ok({ token: 'a'.repeat(64) }),
    unlock: () => ok({ status: 'wrong_pin', remainingTries: 4 }),
    lock: () => ok({}),
    keepUnlocked: () => ok({}),
    getDashboard: () => Promise.reject(new Error('not faked')),
    listUsbDrives: () => ok([]),
    exportStats: () => Promise.reject(new Error('not faked')),
    getSettings: () => ok({ idleTimeoutSeconds: 90, statsK: 5, retentionDays: 90, kioskPseudonym: null, nightlyRestartHour: -1 }),
    updateSettings: () => Promise.reject(new Error('not faked')),
    changePin: () => ok({}),
    quitKiosk: () => ok({}),
    listPacks: () => Promise.reject(new Error('not faked')),
    importPackFromUsb: () => Promise.reject(new Error('not faked')),
    rollbackPack: () => Promise.reject(new Error('not faked')),
    getSelfTest: () => ok({ shell: 'harness', checks: [] }),
  };
  const calls: Call[] = [];
  const api = {} as Record<ApiMethod, (arg: unknown) => Promise<unknown>>;
  for (const method of Object.keys(defaults) as ApiMethod[]) {
    const impl = (overrides[method] ?? defaults[method]) as (arg: unknown) => Promise<unknown>;
    api[method] = (arg: unknown) => {
      calls.push({ method, arg } as Call);
      return impl(arg);
    };
  }
  const typed = api as unknown as KioskApi;
  return {
    api: typed,
    client: createKioskClient(typed),
    calls,
    callsTo: <M extends ApiMethod>(...methods: M[]) =>
      calls.filter((c): c is Extract<Call, { method: M }> => (methods as ApiMethod[]).includes(c.method)),
  };
}
