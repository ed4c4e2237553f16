/**
 * Which packs this kiosk holds, which one serves, which one came before it,
 * and rolling back to that one (migration 0050: activation_seq, rolled_back).
 *
 * "Previous" is the pack that was active most recently before the active one,
 * never one an admin already rolled back from: rolling back twice walks two
 * steps back, it does not toggle between two versions.
 */
import type Database from 'better-sqlite3';
import { recordAudit } from './audit';
import type { PackHistory, PackInfo } from './pack-types';

export type { PackHistory, PackInfo };

export const MAX_HISTORY = 50;

interface PackRow {
  rowid_: number;
  pack_id: string;
  version: string;
  imported_at: string;
  is_active: number;
  source: 'bundled' | 'usb';
  signed_by_label: string | null;
  rolled_back: number;
}

const COLUMNS = 'rowid_, pack_id, version, imported_at, is_active, source, signed_by_label, rolled_back';

export const PACK_HISTORY_SQL = {
  active: `SELECT ${COLUMNS} FROM pack WHERE is_active = 1`,
  previous: `SELECT ${COLUMNS} FROM pack WHERE is_active = 0 AND rolled_back = 0 AND activation_seq IS NOT NULL ORDER BY activation_seq DESC LIMIT 1`,
  all: `SELECT ${COLUMNS} FROM pack ORDER BY rowid_ DESC LIMIT ${MAX_HISTORY}`,
} as const;

function toInfo(r: PackRow): PackInfo {
  return {
    packId: r.pack_id,
    version: r.version,
    importedAt: r.imported_at,
    active: r.is_active === 1,
    source: r.source,
    signedBy: r.signed_by_label,
    rolledBack: r.rolled_back === 1,
  };
}

export function readPackHistory(db: Database.Database): PackHistory {
  const active = db.prepare(PACK_HISTORY_SQL.active).get() as PackRow | undefined;
  const previous = db.prepare(PACK_HISTORY_SQL.previous).get() as PackRow | undefined;
  const all = db.prepare(PACK_HISTORY_SQL.all).all() as PackRow[];
  return { active: active ? toInfo(active) : null, previous: previous ? toInfo(previous) : null, all: all.map(toInfo) };
}

export type RollbackResult = { ok: true; from: PackInfo; to: PackInfo } | { ok: false; reason: 'no_active_pack' | 'no_previous_pack' };

/** Makes the previous pack active again, in one transaction, audited. The pack rolled back from is never "previous" again. */
export function rollbackPack(db: Database.Database, options: { now: Date; role?: 'admin' | 'system' }): RollbackResult {
  return db.transaction((): RollbackResult => {
    const active = db.prepare(PACK_HISTORY_SQL.active).get() as PackRow | undefined;
    if (!active) return { ok: false, reason: 'no_active_pack' };
    const previous = db.prepare(PACK_HISTORY_SQL.previous).get() as PackRow | undefined;
    if (!previous) return { ok: false, reason: 'no_previous_pack' };
    db.prepare('UPDATE pack SET is_active = 0, rolled_back = 1 WHERE rowid_ = ?').run(active.rowid_);
    // The trigger pack_activated gives it the next activation_seq.
    db.prepare('UPDATE pack SET is_active = 1 WHERE rowid_ = ?').run(previous.rowid_);
    recordAudit(db, {
      role: options.role ?? 'admin',
      action: 'pack_rolled_back',
      detail: `from=${active.pack_id}:${active.version},to=${previous.pack_id}:${previous.version}`,
      now: options.now,
    });
    const from = db.prepare(`SELECT ${COLUMNS} FROM pack WHERE rowid_ = ?`).get(active.rowid_) as PackRow;
    const to = db.prepare(`SELECT ${COLUMNS} FROM pack WHERE rowid_ = ?`).get(previous.rowid_) as PackRow;
    return { ok: true, from: toInfo(from), to: toInfo(to) };
  })();
}
