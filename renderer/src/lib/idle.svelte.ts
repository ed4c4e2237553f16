/**
 * "Are you still there?" (issue 4). A customer who walks away must not leave
 * their problem on the screen for the next person in the queue: after
 * `idleSeconds` without a touch the customer screens warn, count down
 * `warnSeconds`, then hand over (the caller's `onTimeout`: session ended as
 * `timeout`, attract screen, nothing of the customer left).
 *
 * Off on the attract screen (nothing to protect there). With any
 * accessibility feature on, the wait is doubled: reading large text or
 * listening takes longer.
 *
 * Timers are injected so tests drive the clock; the page passes the
 * browser's own (which Playwright's clock can fast-forward).
 */

export interface IdleTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: IdleTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** `off`: not watching (attract screen, or after a timeout); `watching`: counting quiet time; `warning`: the overlay counts down. */
export type IdlePhase = 'off' | 'watching' | 'warning';

/** The admin setting's bounds (electron/api.ts SettingsSchema); anything else from the kiosk is ignored. */
export const IDLE_SECONDS_MIN = 30;
export const IDLE_SECONDS_MAX = 600;
export const DEFAULT_IDLE_SECONDS = 90;
export const DEFAULT_WARN_SECONDS = 20;

export interface IdleWatchOptions {
  /** The countdown ran out: end the session. Called once per warning. */
  onTimeout: () => void;
  /** Quiet time before the warning (the admin setting). */
  idleSeconds?: number;
  /** Length of the visible countdown. */
  warnSeconds?: number;
  timers?: IdleTimers;
}

export class IdleWatch {
  phase = $state<IdlePhase>('off');
  /** Whole seconds left on the countdown while `phase` is `warning`. */
  secondsLeft = $state(0);
  /** Accessibility features are on: the quiet time is doubled. */
  longer = $state(false);
  #idleSeconds = $state(DEFAULT_IDLE_SECONDS);
  /** Quiet time before the warning, as it applies now. */
  readonly idleSeconds: number = $derived(this.#idleSeconds * (this.longer ? 2 : 1));
  readonly warnSeconds: number;

  readonly #timers: IdleTimers;
  readonly #onTimeout: () => void;
  #timer: unknown = null;

  constructor(options: IdleWatchOptions) {
    this.#onTimeout = options.onTimeout;
    this.#timers = options.timers ?? browserTimers;
    this.warnSeconds = Math.max(1, Math.round(options.warnSeconds ?? DEFAULT_WARN_SECONDS));
    if (options.idleSeconds !== undefined) this.setIdleSeconds(options.idleSeconds);
  }

  /** The admin setting (from `getKioskInfo`); a value out of bounds or not a number is ignored. */
  setIdleSeconds(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < IDLE_SECONDS_MIN || seconds > IDLE_SECONDS_MAX) return;
    if (seconds === this.#idleSeconds) return;
    this.#idleSeconds = seconds;
    if (this.phase === 'watching') this.#watch();
  }

  /** Doubles the quiet time (any accessibility feature on) or brings it back; restarts the quiet time. */
  setLonger(longer: boolean): void {
    if (longer === this.longer) return;
    this.longer = longer;
    if (this.phase === 'watching') this.#watch();
  }

  /** On for the customer screens, off on the attract screen. Turning it on while on changes nothing. */
  enable(on: boolean): void {
    if (!on) this.#stop();
    else if (this.phase === 'off') this.#watch();
  }

  /** Any touch: the quiet time starts again. The warning is only ended by `stillHere` (its own button). */
  touch(): void {
    if (this.phase === 'watching') this.#watch();
  }

  /** "I'm still here": the warning goes, the quiet time starts again. */
  stillHere(): void {
    if (this.phase === 'warning') this.#watch();
  }

  /** The page is going away. */
  dispose(): void {
    this.#stop();
  }

  #watch(): void {
    this.#clear();
    this.phase = 'watching';
    this.secondsLeft = 0;
    this.#timer = this.#timers.setTimeout(() => this.#warn(), this.idleSeconds * 1000);
  }

  #warn(): void {
    this.#timer = null;
    this.phase = 'warning';
    this.secondsLeft = this.warnSeconds;
    this.#countDown();
  }

  #countDown(): void {
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      this.secondsLeft -= 1;
      if (this.secondsLeft > 0) {
        this.#countDown();
        return;
      }
      this.#stop();
      this.#onTimeout();
    }, 1000);
  }

  #stop(): void {
    this.#clear();
    this.phase = 'off';
    this.secondsLeft = 0;
  }

  #clear(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
