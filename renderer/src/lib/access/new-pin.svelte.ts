/**
 * Choosing a new PIN on the pad: typed once, then again to confirm. Used for
 * the first admin PIN of a fresh kiosk and for Change PINs. Saving is the
 * caller's (`save`); its error message, such as a weak-PIN refusal, is shown
 * and the entry starts over.
 */
import type { ApiErrorReason } from '../../../../electron/api';
import type { KioskResult } from '../kiosk';
import { PinEntry } from './pin-entry.svelte';

export type NewPinStage = 'first' | 'confirm' | 'saving' | 'saved';

export type NewPinProblem = { kind: 'mismatch' } | { kind: 'rejected'; message: string; reason?: ApiErrorReason };

/** What the pad screen needs, whatever `save` answers. */
export interface NewPinView {
  readonly entry: PinEntry;
  readonly stage: NewPinStage;
  readonly problem: NewPinProblem | null;
  press(key: string): void;
  delete(): void;
  submit(): Promise<void>;
}

export class NewPin<T = unknown> implements NewPinView {
  readonly entry = new PinEntry();
  stage = $state<NewPinStage>('first');
  problem = $state<NewPinProblem | null>(null);
  #first: string | null = null;
  readonly #save: (pin: string) => Promise<KioskResult<T>>;
  readonly #onsaved: (value: T) => void;

  /**
   * @param save stores the PIN (setupAdminPin, changePin)
   * @param onsaved called with what `save` answered once it succeeded
   */
  constructor(save: (pin: string) => Promise<KioskResult<T>>, onsaved: (value: T) => void = () => {}) {
    this.#save = save;
    this.#onsaved = onsaved;
  }

  press(key: string): void {
    if (this.stage !== 'first' && this.stage !== 'confirm') return;
    this.entry.press(key);
  }

  delete(): void {
    if (this.stage !== 'first' && this.stage !== 'confirm') return;
    this.entry.delete();
  }

  /** OK: remember the first entry, or compare and save the second. */
  async submit(): Promise<void> {
    if (this.stage !== 'first' && this.stage !== 'confirm') return;
    const pin = this.entry.take();
    if (pin === null) return;
    if (this.stage === 'first') {
      this.#first = pin;
      this.problem = null;
      this.stage = 'confirm';
      return;
    }
    if (pin !== this.#first) {
      this.restart({ kind: 'mismatch' });
      return;
    }
    this.stage = 'saving';
    const result = await this.#save(pin);
    this.#first = null;
    if (result.ok) {
      this.stage = 'saved';
      this.problem = null;
      this.#onsaved(result.value);
    } else {
      const { message, reason } = result.error;
      this.restart({ kind: 'rejected', message, ...(reason === undefined ? {} : { reason }) });
    }
  }

  /** Back to the first entry, optionally saying why. */
  restart(problem: NewPinProblem | null = null): void {
    this.#first = null;
    this.entry.clear();
    this.problem = problem;
    this.stage = 'first';
  }
}
