/**
 * The PIN pad behind the hidden gesture: one PIN entry, and what the kiosk
 * said about the last try. A correct PIN hands the role and its token to
 * `onunlocked`; every other answer stays on the pad, said plainly.
 */
import type { Role } from '../../../../electron/api';
import type { KioskClient } from '../kiosk';
import { PinEntry } from './pin-entry.svelte';

export type UnlockStatus =
  | { kind: 'ready' }
  | { kind: 'checking' }
  | { kind: 'wrong_pin'; remainingTries: number }
  | { kind: 'locked'; lockedUntil: string }
  | { kind: 'not_configured' }
  | { kind: 'failed'; message: string };

export class Unlock {
  readonly entry = new PinEntry();
  status = $state<UnlockStatus>({ kind: 'ready' });
  readonly #client: KioskClient;
  readonly #onunlocked: (role: Role, token: string) => void;
  readonly #now: () => number;

  constructor(client: KioskClient, onunlocked: (role: Role, token: string) => void, now: () => number = Date.now) {
    this.#client = client;
    this.#onunlocked = onunlocked;
    this.#now = now;
  }

  /** When the pad opens: a lockout still running is shown at once, before anyone types. */
  async checkLockout(): Promise<void> {
    const result = await this.#client.getAccessStatus({});
    if (!result.ok || this.status.kind !== 'ready') return;
    const until = result.value.lockedUntil;
    if (until !== null && Date.parse(until) > this.#now()) this.status = { kind: 'locked', lockedUntil: until };
  }

  press(key: string): void {
    if (this.status.kind === 'checking') return;
    this.entry.press(key);
  }

  delete(): void {
    if (this.status.kind === 'checking') return;
    this.entry.delete();
  }

  async submit(): Promise<void> {
    if (this.status.kind === 'checking') return;
    const pin = this.entry.take();
    if (pin === null) return;
    this.status = { kind: 'checking' };
    const result = await this.#client.unlock({ pin });
    if (!result.ok) {
      this.status = { kind: 'failed', message: result.error.message };
      return;
    }
    const answer = result.value;
    switch (answer.status) {
      case 'unlocked':
        this.status = { kind: 'ready' };
        this.#onunlocked(answer.role, answer.token);
        return;
      case 'wrong_pin':
        this.status = { kind: 'wrong_pin', remainingTries: answer.remainingTries };
        return;
      case 'locked':
        this.status = { kind: 'locked', lockedUntil: answer.lockedUntil };
        return;
      case 'not_configured':
        this.status = { kind: 'not_configured' };
        return;
    }
  }
}
