import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessStatus, ApiResult } from '../../../../electron/api';
import { fakeContent } from '../test/fake-content';
import { fakeKiosk } from '../test/fake-kiosk';
import { KioskMode } from './kiosk-mode.svelte';

const ADMIN = 'a'.repeat(64);
const STAFF = 'c'.repeat(64);

function setup(access: AccessStatus | 'fails' | 'hangs' = { adminConfigured: true, staffConfigured: true, lockedUntil: null }) {
  const fake = fakeKiosk(fakeContent, {
    getAccessStatus: (): Promise<ApiResult<AccessStatus>> => {
      if (access === 'hangs') return new Promise(() => {});
      if (access === 'fails') return Promise.resolve({ ok: false, error: { code: 'internal', message: 'x', details: [] } });
      return Promise.resolve({ ok: true, value: access });
    },
  });
  const restarts: string[] = [];
  const mode = new KioskMode(fake.client, {
    onCustomer: () => restarts.push('restart'),
    unlockIdleMs: 60_000,
    adminIdleMs: 240_000,
  });
  return { fake, mode, restarts };
}

async function unlockedAs(s: ReturnType<typeof setup>, role: 'admin' | 'staff') {
  await s.mode.start();
  s.mode.openPinPad();
  s.mode.unlocked(role, role === 'admin' ? ADMIN : STAFF);
}

const asAdmin = (s: ReturnType<typeof setup>) => unlockedAs(s, 'admin');
const asStaff = (s: ReturnType<typeof setup>) => unlockedAs(s, 'staff');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KioskMode', () => {
  it('a fresh kiosk (no admin PIN) starts on the setup screen, and the PIN set there opens the admin home', async () => {
    const s = setup({ adminConfigured: false, staffConfigured: false, lockedUntil: null });
    expect(s.mode.mode).toEqual({ kind: 'starting' });
    await s.mode.start();
    expect(s.mode.mode).toEqual({ kind: 'setup' });
    // It took over from the attract screen shown meanwhile: whatever a customer began there is ended.
    expect(s.restarts).toEqual(['restart']);
    s.mode.openPinPad(); // no gesture around the setup screen
    expect(s.mode.mode).toEqual({ kind: 'setup' });
    s.mode.setUp(ADMIN);
    expect(s.mode.mode).toEqual({ kind: 'admin', token: ADMIN, page: 'home' });
  });

  it('a configured kiosk, or one that cannot say, starts with the customer', async () => {
    const configured = setup();
    await configured.mode.start();
    expect(configured.mode.mode).toEqual({ kind: 'customer' });
    expect(configured.restarts).toEqual([]); // the customer already on the attract screen carries on
    const failing = setup('fails');
    await failing.mode.start();
    expect(failing.mode.mode).toEqual({ kind: 'customer' });
    const hanging = setup('hangs');
    const started = hanging.mode.start(3000);
    await vi.advanceTimersByTimeAsync(3000);
    await started;
    expect(hanging.mode.mode).toEqual({ kind: 'customer' });
  });

  it('before the answer the customer flow is up (App shows it for "starting") but the gesture waits for the answer', async () => {
    const s = setup('hangs');
    const started = s.mode.start(3000);
    s.mode.openPinPad();
    s.mode.setUp(ADMIN);
    expect(s.mode.mode).toEqual({ kind: 'starting' });
    expect([s.mode.assisted, s.mode.assistedBy]).toEqual([false, null]);
    await vi.advanceTimersByTimeAsync(3000);
    await started;
    // No answer: the customer carries on, with nothing restarted under them.
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.restarts).toEqual([]);
    s.mode.openPinPad();
    expect(s.mode.mode).toEqual({ kind: 'unlock' });
  });

  it('the gesture opens the PIN pad; Cancel returns to a fresh attract screen', async () => {
    const s = setup();
    await s.mode.start();
    s.mode.openPinPad();
    expect(s.mode.mode).toEqual({ kind: 'unlock' });
    s.mode.cancelPinPad();
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.restarts).toEqual(['restart']);
  });

  it('a staff PIN opens staff mode: assisted, sessions under the staff token', async () => {
    const s = setup();
    await s.mode.start();
    expect([s.mode.assisted, s.mode.assistedBy]).toEqual([false, null]);
    s.mode.openPinPad();
    s.mode.unlocked('staff', STAFF);
    expect(s.mode.mode).toEqual({ kind: 'staff', role: 'staff', token: STAFF });
    expect([s.mode.assisted, s.mode.assistedBy]).toEqual([true, STAFF]);
    s.mode.open('dashboard'); // staff cannot reach admin pages
    expect(s.mode.mode.kind).toBe('staff');
  });

  it('an admin PIN opens the admin home; tiles open pages and Admin home comes back', async () => {
    const s = setup();
    await asAdmin(s);
    expect(s.mode.mode).toEqual({ kind: 'admin', token: ADMIN, page: 'home' });
    for (const page of ['dashboard', 'export', 'settings', 'pins', 'quit'] as const) {
      s.mode.open(page);
      expect(s.mode.mode).toEqual({ kind: 'admin', token: ADMIN, page });
      s.mode.open('home');
    }
    expect(s.mode.mode).toEqual({ kind: 'admin', token: ADMIN, page: 'home' });
  });

  it('admins can do staff things: Staff mode runs under the admin token', async () => {
    const s = setup();
    await asAdmin(s);
    s.mode.staffMode();
    expect(s.mode.mode).toEqual({ kind: 'staff', role: 'admin', token: ADMIN });
    expect(s.mode.assistedBy).toBe(ADMIN);
  });

  it('Lock (and End staff mode) gives the token back and starts the customer flow afresh', async () => {
    const s = setup();
    await asAdmin(s);
    s.mode.lock();
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.fake.callsTo('lock').map((c) => c.arg)).toEqual([{ token: ADMIN }]);
    expect(s.restarts).toEqual(['restart']);
    s.mode.lock(); // nothing left to lock
    expect(s.fake.callsTo('lock')).toHaveLength(1);
  });

  it('an unauthorized answer (expired token) opens the PIN pad saying why; other errors stay', async () => {
    const s = setup();
    await asAdmin(s);
    s.mode.open('settings');
    s.mode.guard({ ok: false, error: { code: 'invalid_argument', message: 'bad', details: [] } });
    expect(s.mode.mode.kind).toBe('admin');
    const result = s.mode.guard({ ok: false, error: { code: 'unauthorized', message: 'expired', details: [] } });
    expect(result.ok).toBe(false);
    expect(s.mode.mode).toEqual({ kind: 'unlock', expired: true });
    expect(s.fake.callsTo('lock')).toEqual([]);
    // The PIN again opens the admin home; Cancel, or a minute untouched, the attract screen.
    s.mode.unlocked('admin', ADMIN);
    expect(s.mode.mode).toEqual({ kind: 'admin', token: ADMIN, page: 'home' });
    s.mode.guard({ ok: false, error: { code: 'unauthorized', message: 'expired', details: [] } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.restarts).toEqual(['restart']);
  });

  it('a staff token found expired at a session start drops staff mode but leaves the customer’s flow alone', async () => {
    const s = setup();
    await asStaff(s);
    s.mode.staffExpired();
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.restarts).toEqual([]);
  });

  it('an untouched PIN pad closes after a minute; touches keep it open', async () => {
    const s = setup();
    await s.mode.start();
    s.mode.openPinPad();
    await vi.advanceTimersByTimeAsync(50_000);
    s.mode.touched();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(s.mode.mode).toEqual({ kind: 'unlock' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.mode.mode).toEqual({ kind: 'customer' });
  });

  it('untouched admin pages lock themselves; staff mode guiding a customer has no such timer', async () => {
    const s = setup();
    await asAdmin(s);
    s.mode.open('dashboard');
    await vi.advanceTimersByTimeAsync(240_000);
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.fake.callsTo('lock')).toHaveLength(1);

    s.mode.openPinPad();
    s.mode.unlocked('staff', STAFF);
    s.mode.showing(false); // the customer's questions: the session's own idle timeout watches them
    await vi.advanceTimersByTimeAsync(600_000);
    expect(s.mode.mode.kind).toBe('staff');
  });

  it('staff mode left on an untouched attract screen locks itself; touches there keep it', async () => {
    const s = setup();
    await asStaff(s);
    await vi.advanceTimersByTimeAsync(25_000);
    s.mode.touched();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(s.mode.mode.kind).toBe('staff');
    // A customer guided, then "I'm done": back on the attract screen the clock starts again.
    s.mode.showing(false);
    await vi.advanceTimersByTimeAsync(120_000);
    s.mode.showing(true);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(s.mode.mode.kind).toBe('staff');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.fake.callsTo('lock').map((c) => c.arg)).toEqual([{ token: STAFF }]);
    expect(s.restarts).toEqual(['restart']);
  });

  it('End staff mode gives the token back and leaves the customer where they are', async () => {
    const s = setup();
    await asStaff(s);
    s.mode.showing(false);
    s.mode.endStaffMode();
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.mode.assisted).toBe(false);
    expect(s.fake.callsTo('lock').map((c) => c.arg)).toEqual([{ token: STAFF }]);
    expect(s.restarts).toEqual([]); // no Start over: the customer's answers stay
  });

  it('the end of the guided customer\'s session (Start over, "I\'m done", idle timeout) ends staff mode', async () => {
    const s = setup();
    await asStaff(s);
    s.mode.showing(false);
    s.mode.sessionEnded();
    expect(s.mode.mode).toEqual({ kind: 'customer' });
    expect(s.fake.callsTo('lock').map((c) => c.arg)).toEqual([{ token: STAFF }]);
    s.mode.sessionEnded(); // a self-service customer's session end changes nothing
    expect(s.fake.callsTo('lock')).toHaveLength(1);
  });

  it('touches by staff or an admin keep the unlock alive, at most once every 30 seconds', async () => {
    const s = setup();
    await asAdmin(s);
    s.mode.touched(); // the unlock itself was the last use
    expect(s.fake.callsTo('keepUnlocked')).toEqual([]);
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(20_000);
      s.mode.touched();
    }
    // Touches at 20, 40, 60, 80, 100 and 120 s: calls at 40, 80 and 120 s.
    expect(s.fake.callsTo('keepUnlocked').map((c) => c.arg)).toEqual([{ token: ADMIN }, { token: ADMIN }, { token: ADMIN }]);
    s.mode.lock();
    await vi.advanceTimersByTimeAsync(120_000);
    s.mode.touched(); // a customer's touches keep nothing alive
    expect(s.fake.callsTo('keepUnlocked')).toHaveLength(3);
  });

  it('an unlock found lapsed by a touch ends it: admin pages close, a guided customer keeps the screen', async () => {
    const lapsed = { keepUnlocked: () => Promise.resolve({ ok: false as const, error: { code: 'unauthorized' as const, message: 'x', details: [] } }) };
    const admin = setup();
    Object.assign(admin.fake.client, lapsed);
    await asAdmin(admin);
    await vi.advanceTimersByTimeAsync(61_000);
    admin.mode.touched();
    await vi.advanceTimersByTimeAsync(0);
    expect(admin.mode.mode).toEqual({ kind: 'unlock', expired: true });

    const staff = setup();
    Object.assign(staff.fake.client, lapsed);
    await asStaff(staff);
    staff.mode.showing(false);
    await vi.advanceTimersByTimeAsync(61_000);
    staff.mode.touched();
    await vi.advanceTimersByTimeAsync(0);
    expect(staff.mode.mode).toEqual({ kind: 'customer' });
    expect(staff.restarts).toEqual([]);
  });
});
