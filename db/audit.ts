/**
 * The audit log (migration 0030): every admin action, every unlock and every
 * lockout, with the role that did it. Rows are short and machine-made: an
 * action is a snake_case name and a detail is key=value tokens, never free
 * text and never anything about a customer. The table CHECKs repeat the rule.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';

export const AUDIT_ROLES = ['staff', 'admin', 'system'] as const;
/** 'system': the kiosk itself (provisioning, lockouts), not a person who unlocked. */
export type AuditRole = (typeof AUDIT_ROLES)[number];

const AuditInputSchema = z.object({
  role: z.enum(AUDIT_ROLES),
  action: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'action must be a snake_case name of 2-64 characters (a-z, 0-9, _)'),
  detail: z
    .string()
    .max(200, 'detail must be at most 200 characters')
    .regex(/^[A-Za-z0-9_.:=,+-]*$/, 'detail must be machine-made key=value tokens (letters, digits, _ . : = , + -), no spaces or free text')
    .default(''),
  now: z.date().refine((d) => !Number.isNaN(d.getTime()), 'now must be a valid date'),
});

export interface AuditInput {
  role: AuditRole;
  action: string;
  /** Machine-made, e.g. "role=staff" or "lockout=2,minutes=10". */
  detail?: string;
  now: Date;
}

export interface AuditEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  role: AuditRole;
  action: string;
  detail: string;
}

export class AuditError extends Error {
  constructor(readonly details: string[]) {
    super(`This audit entry cannot be recorded:\n  ${details.join('\n  ')}`);
    this.name = 'AuditError';
  }
}

// Exported so a test can assert the plan: the log grows for years on a kiosk.
export const AUDIT_SQL = {
  insert: 'INSERT INTO audit_log (at, role, action, detail) VALUES (?, ?, ?, ?)',
  // The index on at holds the rowid (id), so this reads the newest rows first without sorting.
  listNewest: 'SELECT id, at, role, action, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT ?',
  // Range on the index on at: reads the week's rows only, however long the log has grown.
  countPinLockouts: `SELECT count(*) AS week, coalesce(sum(at > ?), 0) AS day FROM audit_log
    WHERE action = 'pin_lockout' AND at > ? AND at <= ?`,
  // Backwards in rowid order (the order rows were written), no sort: stops at the newest lockout.
  lastPinLockout: "SELECT id, at, detail FROM audit_log WHERE action = 'pin_lockout' ORDER BY id DESC LIMIT 1",
  // A rowid range: only the rows written since the last look.
  pinLockoutsAfter: "SELECT id, at, detail FROM audit_log WHERE id > ? AND action = 'pin_lockout' ORDER BY id LIMIT ?",
  newestId: 'SELECT coalesce(max(id), 0) AS id FROM audit_log',
} as const;

/** Returns the new row's id. */
export function recordAudit(db: Database.Database, input: AuditInput): number {
  const parsed = AuditInputSchema.safeParse(input);
  if (!parsed.success) throw new AuditError(parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(entry)'}: ${i.message}`));
  const e = parsed.data;
  const info = db.prepare(AUDIT_SQL.insert).run(e.now.toISOString(), e.role, e.action, e.detail);
  return Number(info.lastInsertRowid);
}

export const MAX_AUDIT_PAGE = 1000;

/** Newest first. */
export function listAudit(db: Database.Database, options: { limit: number }): AuditEntry[] {
  const limit = options.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    throw new RangeError(`listAudit: limit must be an integer from 1 to ${MAX_AUDIT_PAGE}, got ${String(limit)}.`);
  }
  return db.prepare(AUDIT_SQL.listNewest).all(limit) as AuditEntry[];
}

// ---------------------------------------------------------------------------
// PIN-pad lockouts, for health.json (electron/health.ts)

/**
 * One lockout of the PIN pad, from its `pin_lockout` row (db/pins.ts writes `lockout=N,minutes=M`). The row
 * holds no PIN material and no role: a wrong PIN belongs to nobody, so the pad cannot say whose it was meant to be.
 */
export interface PinLockout {
  /** ISO 8601, UTC. */
  at: string;
  /** How long the pad stayed locked, in minutes; null if the row does not say. */
  minutes: number | null;
  /** The nth lockout since the last correct PIN (the lock doubles each time); null if the row does not say. */
  inARow: number | null;
}

export interface PinLockoutSummary {
  /** Lockouts in the 24 hours up to now. */
  last24h: number;
  /** Lockouts in the 7 days up to now. */
  last7d: number;
  /** The last lockout recorded, or null. */
  last: PinLockout | null;
}

const DAY_MS = 24 * 3600_000;

/** The value of one key=value token of a machine-made detail ("lockout=2,minutes=10"), as a whole number. */
function detailNumber(detail: string, key: string): number | null {
  for (const token of detail.split(',')) {
    const [name, value] = token.split('=');
    if (name === key && value !== undefined && /^[0-9]{1,9}$/.test(value)) return Number(value);
  }
  return null;
}

function toLockout(row: { at: string; detail: string }): PinLockout {
  return { at: row.at, minutes: detailNumber(row.detail, 'minutes'), inARow: detailNumber(row.detail, 'lockout') };
}

/** How often the PIN pad locked itself in the last day and week, and when it last did. */
export function summarizePinLockouts(db: Database.Database, now: Date): PinLockoutSummary {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = now.getTime();
  const counts = db.prepare(AUDIT_SQL.countPinLockouts).get(iso(t - DAY_MS), iso(t - 7 * DAY_MS), iso(t)) as { week: number; day: number };
  const last = db.prepare(AUDIT_SQL.lastPinLockout).get() as { at: string; detail: string } | undefined;
  return { last24h: counts.day, last7d: counts.week, last: last ? toLockout(last) : null };
}

/** The id of the newest audit row of any kind (0 when there is none): where to start looking for new lockouts. */
export function newestAuditId(db: Database.Database): number {
  return (db.prepare(AUDIT_SQL.newestId).get() as { id: number }).id;
}

/** Lockouts recorded after the audit row `afterId`, oldest first, at most `limit`; each with its row id. */
export function pinLockoutsAfter(db: Database.Database, afterId: number, limit = 100): (PinLockout & { id: number })[] {
  const rows = db.prepare(AUDIT_SQL.pinLockoutsAfter).all(afterId, limit) as { id: number; at: string; detail: string }[];
  return rows.map((row) => ({ id: row.id, ...toLockout(row) }));
}
