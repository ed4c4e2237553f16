/**
 * The digits typed on the PIN pad. The digits themselves stay private: the
 * pad shows only how many there are (masked dots), and `take()` hands them
 * over once, clearing them.
 */

/** PIN length as the store accepts it (db/pin-format.ts: 6 to 8 digits); values are not imported into the browser. */
export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 8;

export const PIN_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;
export type PinDigit = (typeof PIN_KEYS)[number];

export class PinEntry {
  #digits = $state('');
  readonly min: number;
  readonly max: number;

  /** How many digits have been typed (what the dots show). */
  readonly length: number;
  /** Enough digits for OK. */
  readonly complete: boolean;
  /** No room for another digit. */
  readonly full: boolean;

  constructor(min = PIN_MIN_DIGITS, max = PIN_MAX_DIGITS) {
    this.min = min;
    this.max = max;
    this.length = $derived(this.#digits.length);
    this.complete = $derived(this.#digits.length >= this.min);
    this.full = $derived(this.#digits.length >= this.max);
  }

  /** Adds a digit; ignored when full or when `key` is not a digit. */
  press(key: string): void {
    if (this.full || !/^[0-9]$/.test(key)) return;
    this.#digits += key;
  }

  /** Removes the last digit. */
  delete(): void {
    this.#digits = this.#digits.slice(0, -1);
  }

  clear(): void {
    this.#digits = '';
  }

  /** The PIN, once: returns null (and keeps the digits) when too short, else returns it and clears the pad. */
  take(): string | null {
    if (!this.complete) return null;
    const pin = this.#digits;
    this.#digits = '';
    return pin;
  }
}
