/**
 * Who has the staff or admin screen open right now. After a correct PIN
 * (pins.ts verifyPin) the main process issues a random token for that role;
 * every staff or admin call carries it and is checked here. In memory only: a
 * restart locks everything again, which is what a kiosk that lost power wants.
 *
 * - A token expires after `idleMinutes` without use (default 5): staff who walk
 *   away do not leave the admin screen open for the next customer.
 * - The "lock" button revokes it. Issuing a token revokes every other one: the
 *   kiosk has one screen, so a new unlock ends whatever session was left open.
 * - Admin can do staff things; staff cannot do admin things.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from './pins';

export const DEFAULT_IDLE_MINUTES = 5;

export type AccessErrorCode =
  /** No such token: never issued, revoked, or replaced by a newer unlock. */
  | 'unknown_token'
  /** Unused for too long; the PIN must be entered again. */
  | 'expired'
  /** A staff token asking for an admin action. */
  | 'forbidden';

export class AccessError extends Error {
  constructor(readonly code: AccessErrorCode, message: string) {
    super(message);
    this.name = 'AccessError';
  }
}

export interface AccessTokensOptions {
  /** Minutes without use after which a token expires. Default 5. */
  idleMinutes?: number;
}

interface Grant {
  role: Role;
  lastUsedMs: number;
}

const RANK: Record<Role, number> = { staff: 1, admin: 2 };

export class AccessTokens {
  readonly #grants = new Map<string, Grant>();
  readonly #idleMs: number;

  constructor(options: AccessTokensOptions = {}) {
    const minutes = options.idleMinutes ?? DEFAULT_IDLE_MINUTES;
    if (!(minutes > 0 && minutes <= 24 * 60)) throw new RangeError(`idleMinutes must be more than 0 and at most 1440, got ${minutes}.`);
    this.#idleMs = minutes * 60_000;
  }

  /** Call only after verifyPin answered ok for this role. Revokes every other token. */
  issue(role: Role, now: Date): string {
    if (RANK[role] === undefined) throw new TypeError(`Unknown role "${String(role)}".`);
    this.#grants.clear();
    const token = randomBytes(32).toString('hex');
    this.#grants.set(token, { role, lastUsedMs: now.getTime() });
    return token;
  }

  /**
   * The token's role if it may do what `requiredRole` may, and counts as a use
   * (the idle clock restarts). Throws AccessError otherwise.
   */
  check(token: string, requiredRole: Role, now: Date): Role {
    const grant = this.#live(token, requiredRole, now);
    grant.lastUsedMs = now.getTime();
    return grant.role;
  }

  /**
   * Like `check`, but not a use: the idle clock runs on. For calls that anyone
   * at the screen makes (a customer's session start), so that only what staff
   * do keeps their unlock alive.
   */
  peek(token: string, requiredRole: Role, now: Date): Role {
    return this.#live(token, requiredRole, now).role;
  }

  /** True while a staff or admin screen is open: some token was used within the idle time. Does not count as a use. */
  anyLive(now: Date): boolean {
    for (const grant of this.#grants.values()) {
      const idle = now.getTime() - grant.lastUsedMs;
      if (idle >= 0 && idle < this.#idleMs) return true;
    }
    return false;
  }

  /** The "lock" button. True if the token was live. */
  revoke(token: string): boolean {
    return this.#grants.delete(token);
  }

  /** Locks everything (quit, customer session start, pack import restart ...). */
  revokeAll(): void {
    this.#grants.clear();
  }

  #live(token: string, requiredRole: Role, now: Date): Grant {
    const grant = typeof token === 'string' ? this.#grants.get(token) : undefined;
    if (!grant) throw new AccessError('unknown_token', 'Not unlocked: enter the PIN.');
    const idle = now.getTime() - grant.lastUsedMs;
    // A clock that went backwards is treated like a long pause: ask for the PIN again.
    if (!(idle >= 0 && idle < this.#idleMs)) {
      this.#grants.delete(token);
      throw new AccessError('expired', 'Locked after a pause: enter the PIN again.');
    }
    if (RANK[grant.role] < RANK[requiredRole]) {
      throw new AccessError('forbidden', `This needs the ${requiredRole} PIN; the screen was unlocked with the ${grant.role} PIN.`);
    }
    return grant;
  }
}
