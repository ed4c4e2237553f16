import { describe, expect, it } from 'vitest';
import { AccessError, AccessTokens, type AccessErrorCode } from './access-tokens';
import type { Role } from './pins';

const T0 = Date.parse('2026-03-01T02:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** The role, or the AccessError code. */
function outcome(tokens: AccessTokens, token: string, required: Role, when: Date): Role | AccessErrorCode {
  try {
    return tokens.check(token, required, when);
  } catch (err) {
    if (err instanceof AccessError) return err.code;
    throw err;
  }
}

describe('access tokens', () => {
  it('are 32 random bytes in hex, new each time', () => {
    const tokens = new AccessTokens();
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const token = tokens.issue('staff', at(0));
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      seen.add(token);
    }
    expect(seen.size).toBe(50);
  });

  it('let admin do staff things, and never staff do admin things', () => {
    const tokens = new AccessTokens();
    const admin = tokens.issue('admin', at(0));
    expect(outcome(tokens, admin, 'admin', at(0))).toBe('admin');
    expect(outcome(tokens, admin, 'staff', at(0))).toBe('admin');

    const staff = tokens.issue('staff', at(1));
    expect(outcome(tokens, staff, 'staff', at(1))).toBe('staff');
    expect(outcome(tokens, staff, 'admin', at(1))).toBe('forbidden');
    expect(() => tokens.check(staff, 'admin', at(1))).toThrow('This needs the admin PIN; the screen was unlocked with the staff PIN.');
    // Refused, not revoked: the staff screen stays open.
    expect(outcome(tokens, staff, 'staff', at(1))).toBe('staff');
  });

  it('expire after 5 minutes without use; each use restarts the clock', () => {
    const tokens = new AccessTokens();
    const token = tokens.issue('admin', at(0));
    expect(outcome(tokens, token, 'admin', at(4))).toBe('admin');
    expect(outcome(tokens, token, 'admin', at(8.9))).toBe('admin');
    expect(outcome(tokens, token, 'staff', at(13.8))).toBe('admin');
    expect(outcome(tokens, token, 'admin', at(18.8))).toBe('expired');
    // Gone for good: the PIN must be entered again.
    expect(outcome(tokens, token, 'admin', at(18.8))).toBe('unknown_token');
  });

  it('do not count a refused check as a use', () => {
    const tokens = new AccessTokens();
    const staff = tokens.issue('staff', at(0));
    expect(outcome(tokens, staff, 'admin', at(4))).toBe('forbidden');
    expect(outcome(tokens, staff, 'staff', at(5))).toBe('expired');
  });

  it('take the idle time from the options', () => {
    const tokens = new AccessTokens({ idleMinutes: 1 });
    const token = tokens.issue('staff', at(0));
    expect(outcome(tokens, token, 'staff', at(0.99))).toBe('staff');
    expect(outcome(tokens, token, 'staff', at(2))).toBe('expired');
    for (const idleMinutes of [0, -5, NaN, 24 * 60 + 1]) expect(() => new AccessTokens({ idleMinutes })).toThrow(RangeError);
  });

  it('are revoked by the lock button, and by a newer unlock', () => {
    const tokens = new AccessTokens();
    const first = tokens.issue('admin', at(0));
    const second = tokens.issue('staff', at(1));
    expect(outcome(tokens, first, 'staff', at(1))).toBe('unknown_token');
    expect(tokens.revoke(second)).toBe(true);
    expect(tokens.revoke(second)).toBe(false);
    expect(outcome(tokens, second, 'staff', at(1))).toBe('unknown_token');

    const third = tokens.issue('admin', at(2));
    tokens.revokeAll();
    expect(outcome(tokens, third, 'admin', at(2))).toBe('unknown_token');
  });

  it('treat a clock set back as a long pause', () => {
    const tokens = new AccessTokens();
    const token = tokens.issue('admin', at(0));
    expect(outcome(tokens, token, 'admin', at(-1))).toBe('expired');
  });

  it('tell whether a staff or admin screen is open, for the nightly restart', () => {
    const tokens = new AccessTokens();
    expect(tokens.anyLive(at(0))).toBe(false);
    const token = tokens.issue('staff', at(0));
    expect(tokens.anyLive(at(4.9))).toBe(true);
    // Asking is not a use: the screen still locks 5 minutes after the last real call.
    expect(tokens.anyLive(at(5))).toBe(false);
    expect(outcome(tokens, token, 'staff', at(5))).toBe('expired');
    tokens.issue('admin', at(10));
    expect(tokens.anyLive(at(9))).toBe(false);
    tokens.revokeAll();
    expect(tokens.anyLive(at(10))).toBe(false);
  });

  it('know nothing of tokens they did not issue', () => {
    const a = new AccessTokens();
    const b = new AccessTokens();
    const token = a.issue('admin', at(0));
    expect(outcome(b, token, 'staff', at(0))).toBe('unknown_token');
    expect(outcome(a, '', 'staff', at(0))).toBe('unknown_token');
    expect(outcome(a, token.toUpperCase(), 'staff', at(0))).toBe('unknown_token');
    expect(outcome(a, undefined as unknown as string, 'staff', at(0))).toBe('unknown_token');
    expect(outcome(a, token, 'staff', at(0))).toBe('admin');
  });
});
