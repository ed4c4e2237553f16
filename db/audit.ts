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
