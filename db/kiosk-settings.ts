/**
 * The admin screen's settings, in the shape the API uses, over the typed
 * `setting` table (settings.ts). All changes of one save land together.
 */
import type Database from 'better-sqlite3';
import { getSetting, getStatsSettings, setSetting } from './settings';

export interface KioskSettingsView {
  idleTimeoutSeconds: number;
  statsK: number;
  retentionDays: number;
  kioskPseudonym: string | null;
  /** Local hour 0-23 of the nightly restart, or -1 (NIGHTLY_RESTART_OFF). */
  nightlyRestartHour: number;
}

export type KioskSettingsChange = Partial<{
  idleTimeoutSeconds: number;
  statsK: number;
  retentionDays: number;
  kioskPseudonym: string;
  nightlyRestartHour: number;
}>;

export function readKioskSettings(db: Database.Database): KioskSettingsView {
  const stats = getStatsSettings(db);
  return {
    idleTimeoutSeconds: getSetting(db, 'idle_timeout_seconds'),
    statsK: stats.k,
    retentionDays: stats.retentionDays,
    kioskPseudonym: stats.kioskPseudonym,
    nightlyRestartHour: getSetting(db, 'nightly_restart_hour'),
  };
}

/** Validates every value first (settings.ts throws InvalidSettingError with the reason); writes all or nothing. */
export function updateKioskSettings(db: Database.Database, change: KioskSettingsChange): KioskSettingsView {
  db.transaction(() => {
    if (change.idleTimeoutSeconds !== undefined) setSetting(db, 'idle_timeout_seconds', change.idleTimeoutSeconds);
    if (change.statsK !== undefined) setSetting(db, 'stats_k', change.statsK);
    if (change.retentionDays !== undefined) setSetting(db, 'retention_days', change.retentionDays);
    if (change.kioskPseudonym !== undefined) setSetting(db, 'kiosk_pseudonym', change.kioskPseudonym);
    if (change.nightlyRestartHour !== undefined) setSetting(db, 'nightly_restart_hour', change.nightlyRestartHour);
  })();
  return readKioskSettings(db);
}
