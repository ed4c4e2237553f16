/**
 * Which periods this kiosk has exported (migration 0090). Two exports whose periods overlap but differ
 * can be subtracted: March 1-10 from March 1-11 gives March 11 with no suppression of its own. So the
 * kiosk's export button carries on from the last export, and a period given explicitly may repeat an
 * earlier one exactly (a second copy: same counts, nothing new) but not overlap it otherwise.
 */
import type Database from 'better-sqlite3';
import type { Period } from './days';

/** The export that ends latest, or null before the first. */
export function lastExportedPeriod(db: Database.Database): Period | null {
  const row = db.prepare('SELECT from_day, to_day FROM export_period ORDER BY to_day DESC, from_day DESC LIMIT 1').get() as
    | { from_day: string; to_day: string }
    | undefined;
  return row ? { from: row.from_day, to: row.to_day } : null;
}

/** An earlier export that shares days with `period` without being the same period, or null. */
export function overlappingExport(db: Database.Database, period: Period): Period | null {
  const row = db
    .prepare(
      `SELECT from_day, to_day FROM export_period
       WHERE from_day <= ? AND to_day >= ? AND NOT (from_day = ? AND to_day = ?)
       ORDER BY to_day DESC LIMIT 1`,
    )
    .get(period.to, period.from, period.from, period.to) as { from_day: string; to_day: string } | undefined;
  return row ? { from: row.from_day, to: row.to_day } : null;
}

/** Notes a finished export's period; exporting the same period again changes nothing. */
export function rememberExportedPeriod(db: Database.Database, period: Period, now: Date): void {
  db.prepare('INSERT OR IGNORE INTO export_period (from_day, to_day, first_exported_at) VALUES (?, ?, ?)').run(period.from, period.to, now.toISOString());
}
