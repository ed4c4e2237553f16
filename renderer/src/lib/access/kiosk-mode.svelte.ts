/**
 * Who is using the kiosk and which screen of theirs is open: a customer, the
 * PIN pad, staff guiding a customer, or an admin on one of the admin pages.
 * Also the first start of a fresh kiosk, which asks for an admin PIN before
 * anything else.
 *
 * Tokens live here and nowhere else in the UI. Any admin call answered
 * `unauthorized` (the token expired after a few minutes without use, issue 3,
 * or another unlock replaced it) goes through `guard` and opens the PIN pad
 * saying so. Leaving the PIN pad or the admin pages untouched ends on the
 * attract screen.
 *
 * Staff mode guides one customer: it ends when that customer's session ends
 * (Start over, "I'm done", the idle timeout), or when the attract screen sat
 * untouched after the unlock. Otherwise the next walk-in would get staff notes
 * and the cause index. While it lasts, touches tell the kiosk someone is
 * there (throttled `keepUnlocked`), so an unlock in use never lapses.
 */
import type { Role } from '../../../../electron/api';
import type { KioskClient, KioskResult } from '../kiosk';

export const ADMIN_PAGES = ['home', 'dashboard', 'export', 'packs', 'settings', 'pins', 'selftest', 'quit'] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

export type Mode =
  /**
   * Asking the kiosk whether it has an admin PIN yet. The customer flow is
   * already on screen (it needs no answer about PINs); the hidden gesture
   * waits for the answer.
   */
  | { kind: 'starting' }
  /** A fresh kiosk: choose the admin PIN. */
  | { kind: 'setup' }
  | { kind: 'customer' }
  /** The PIN pad, opened by the hidden gesture, or (`expired`) by an admin page whose unlock had lapsed. */
  | { kind: 'unlock'; expired?: true }
  /** The customer flow with staff notes and the cause index; `role` admin when an admin chose Staff mode. */
  | { kind: 'staff'; role: Role; token: string }
  | { kind: 'admin'; token: string; page: AdminPage };

export interface KioskModeOptions {
  /**
   * Called whenever the customer flow comes back (after the PIN pad, admin pages or staff mode), and when the
   * first start takes over from the customer flow shown meanwhile: start it afresh, ending whatever a customer began.
   */
  onCustomer?: () => void;
  /** Untouched PIN pad closes after this long. */
  unlockIdleMs?: number;
  /** Untouched admin pages lock after this long (the store's tokens expire after 5 minutes anyway). */
  adminIdleMs?: number;
  /** Staff mode on an untouched attract screen locks after this long: the clerk has left. */
  staffAttractIdleMs?: number;
  /**
   * Touches tell the kiosk that staff or an admin are still there at most this often. Half the store's
   * shortest sensible pause: the unlock then lapses no sooner than 4.5 minutes after the last touch.
   */
  keepAliveMs?: number;
}

export class KioskMode {
  mode = $state<Mode>({ kind: 'starting' });
  /** The token to start customer sessions with: staff is guiding the customer. */
  readonly assistedBy: string | null;
  /** Staff notes and the cause index are shown. */
  readonly assisted: boolean;

  readonly #client: KioskClient;
  readonly #onCustomer: () => void;
  readonly #unlockIdleMs: number;
  readonly #adminIdleMs: number;
  readonly #staffAttractIdleMs: number;
  readonly #keepAliveMs: number;
  #idle: ReturnType<typeof setTimeout> | null = null;
  /** The customer flow is on its attract screen (where it starts). */
  #onAttract = true;
  /** When the token was last used: the unlock itself, or the last keep-alive. */
  #lastUseMs = 0;

  constructor(client: KioskClient, options: KioskModeOptions = {}) {
    this.#client = client;
    this.#onCustomer = options.onCustomer ?? (() => {});
    this.#unlockIdleMs = options.unlockIdleMs ?? 60_000;
    this.#adminIdleMs = options.adminIdleMs ?? 4 * 60_000;
    this.#staffAttractIdleMs = options.staffAttractIdleMs ?? 30_000;
    this.#keepAliveMs = options.keepAliveMs ?? 30_000;
    this.assistedBy = $derived(this.mode.kind === 'staff' ? this.mode.token : null);
    this.assisted = $derived(this.mode.kind === 'staff');
  }

  /**
   * At startup, while the attract screen is already up: a kiosk with no admin
   * PIN asks for one, taking over from the customer flow. If the kiosk cannot
   * say (an error, or no answer within `timeoutMs`), customers come first.
   */
  async start(timeoutMs = 3000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const result = await Promise.race([this.#client.getAccessStatus({}), timeout]);
    clearTimeout(timer);
    if (this.mode.kind !== 'starting') return;
    if (result?.ok && !result.value.adminConfigured) {
      this.#set({ kind: 'setup' });
      this.#onCustomer();
    } else {
      this.#set({ kind: 'customer' });
    }
  }

  /** The first admin PIN is saved: its token opens the admin home. */
  setUp(token: string): void {
    if (this.mode.kind === 'setup') this.#set({ kind: 'admin', token, page: 'home' });
  }

  /** The hidden gesture on the attract screen (not before the kiosk has said whether it has an admin PIN). */
  openPinPad(): void {
    if (this.mode.kind === 'customer') this.#set({ kind: 'unlock' });
  }

  /** Cancel on the PIN pad. */
  cancelPinPad(): void {
    if (this.mode.kind === 'unlock') this.#toCustomer();
  }

  unlocked(role: Role, token: string): void {
    if (this.mode.kind !== 'unlock') return;
    this.#set(role === 'admin' ? { kind: 'admin', token, page: 'home' } : { kind: 'staff', role, token });
  }

  /** An admin page, from the admin home (or back to it). */
  open(page: AdminPage): void {
    if (this.mode.kind === 'admin') this.#set({ ...this.mode, page });
  }

  /** Admins can do staff things: the customer flow in staff mode, under the admin's token. */
  staffMode(): void {
    if (this.mode.kind === 'admin') this.#set({ kind: 'staff', role: 'admin', token: this.mode.token });
  }

  /** Lock, idle, or the guided customer's session ended: give the token back and return to the attract screen. */
  lock(): void {
    const mode = this.mode;
    if (mode.kind !== 'staff' && mode.kind !== 'admin') return;
    this.#giveBack(mode.token);
    this.#toCustomer();
  }

  /**
   * End staff mode: the token goes back, and the customer carries on from the same screen on their own
   * (staff often leave a customer to finish the steps). Their session stays tagged assisted.
   */
  endStaffMode(): void {
    const mode = this.mode;
    if (mode.kind !== 'staff') return;
    this.#giveBack(mode.token);
    this.#set({ kind: 'customer' });
  }

  /**
   * The token is no longer valid (expired, or replaced by another unlock): nothing to give back. An admin
   * who just tapped something gets the PIN pad saying why, not a silent jump to the attract screen.
   */
  expire(): void {
    if (this.mode.kind === 'admin') this.#set({ kind: 'unlock', expired: true });
    else if (this.mode.kind === 'staff') this.#toCustomer();
  }

  /**
   * A customer session could not start under the staff token (it expired while
   * the kiosk sat on the attract screen): the customer carries on, self-service.
   */
  staffExpired(): void {
    if (this.mode.kind === 'staff') this.#set({ kind: 'customer' });
  }

  /** Passes a staff/admin call's result through; `unauthorized` ends the unlock (`expire`). */
  guard<T>(result: KioskResult<T>): KioskResult<T> {
    if (!result.ok && result.error.code === 'unauthorized') this.expire();
    return result;
  }

  /**
   * Any touch anywhere: an idle timer that is running starts again, and staff
   * or an admin at the screen keep their unlock alive (at most once a
   * `keepAliveMs`; the kiosk's tokens lapse after 5 minutes without use).
   */
  touched(): void {
    if (this.#idle !== null) this.#arm();
    const mode = this.mode;
    if (mode.kind !== 'staff' && mode.kind !== 'admin') return;
    const now = Date.now();
    if (now - this.#lastUseMs < this.#keepAliveMs) return;
    this.#lastUseMs = now;
    void this.#client.keepUnlocked({ token: mode.token }).then((result) => {
      if (result.ok || result.error.code !== 'unauthorized' || this.mode !== mode) return;
      // Staff guiding a customer: the customer's screen stays, without staff notes. Admin pages close.
      if (mode.kind === 'staff') this.staffExpired();
      else this.expire();
    });
  }

  /** The customer flow changed screen: staff mode left on an untouched attract screen locks itself. */
  showing(attract: boolean): void {
    this.#onAttract = attract;
    if (this.mode.kind === 'staff') this.#armForStaff();
  }

  /** The customer's session ended (Start over, "I'm done", idle timeout): staff mode was for that customer. */
  sessionEnded(): void {
    if (this.mode.kind === 'staff') this.lock();
  }

  /** Stops the idle timer (the page is going away). */
  dispose(): void {
    this.#disarm();
  }

  #giveBack(token: string): void {
    void this.#client.lock({ token }).catch(() => undefined);
  }

  #toCustomer(): void {
    this.#set({ kind: 'customer' });
    this.#onCustomer();
  }

  #set(mode: Mode): void {
    const previous = this.mode;
    this.mode = mode;
    if ((mode.kind === 'staff' || mode.kind === 'admin') && !('token' in previous && previous.token === mode.token)) {
      this.#lastUseMs = Date.now(); // a fresh unlock is a use
    }
    if (mode.kind === 'unlock' || mode.kind === 'admin') this.#arm();
    else if (mode.kind === 'staff') this.#armForStaff();
    else this.#disarm();
  }

  #armForStaff(): void {
    if (this.#onAttract) this.#arm();
    else this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    const kind = this.mode.kind;
    this.#idle = setTimeout(
      () => {
        this.#idle = null;
        if (this.mode.kind === 'unlock') this.cancelPinPad();
        else this.lock();
      },
      kind === 'unlock' ? this.#unlockIdleMs : kind === 'staff' ? this.#staffAttractIdleMs : this.#adminIdleMs,
    );
  }

  #disarm(): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
  }
}
