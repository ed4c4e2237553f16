/**
 * What a staff or admin PIN may look like. Pure (no Node, no DOM) so the API
 * contract (electron/api.ts) and the PIN pad can reuse the very same rules.
 *
 * Six to eight digits: the pad has digits only, and six is the floor most
 * banks already use for card PINs. The lockout (db/pins.ts) is what makes a
 * short PIN safe on the kiosk; the weak-PIN rules stop the first guesses any
 * person would try.
 */
import { z } from 'zod';

export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 8;

export const PIN_FORMAT_MESSAGE = `PIN must be ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits (0-9), with nothing else`;

/** Only the shape: what verifyPin can ever match. */
export const PinFormatSchema = z
  .string({ error: `PIN must be text of ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits` })
  .regex(new RegExp(`^[0-9]{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`), PIN_FORMAT_MESSAGE);

export type PinProblem = { code: 'invalid_format' | 'weak_pin'; message: string };

/** 111111, 77777777 ... */
function isOneDigitRepeated(pin: string): boolean {
  return /^(\d)\1*$/.test(pin);
}

/** 123456, 654321, and the same runs wrapping past 9 or 0 (789012, 210987). */
function isStraightRun(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((Number(pin[i]) - Number(pin[i - 1]) + 10) % 10);
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/** The first problem with a PIN someone wants to set, or null when it is acceptable. */
export function pinProblem(pin: unknown): PinProblem | null {
  const format = PinFormatSchema.safeParse(pin);
  if (!format.success) return { code: 'invalid_format', message: format.error.issues[0]?.message ?? PIN_FORMAT_MESSAGE };
  if (isOneDigitRepeated(format.data)) {
    return { code: 'weak_pin', message: 'PIN is too easy to guess: one digit repeated (such as 111111). Choose another.' };
  }
  if (isStraightRun(format.data)) {
    return { code: 'weak_pin', message: 'PIN is too easy to guess: digits in a straight run (such as 123456 or 654321). Choose another.' };
  }
  return null;
}

/** A PIN that may be set: right shape and not trivially weak (one issue, the first problem). */
export const NewPinSchema = z
  .string({ error: `PIN must be text of ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits` })
  .superRefine(function rejectWeakPin(pin, ctx) {
    const problem = pinProblem(pin);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
  });
