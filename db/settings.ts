/**
 * Typed, validated access to the `setting` table (migration 0020), for the
 * settings the statistics need. Values are stored as text; each key has a zod
 * schema, checked on write and again on read (a hand-edited store must not
 * lower k below the floor).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';

export const MIN_K = 5;

/** The nightly_restart_hour value that means no nightly restart. */
export const NIGHTLY_RESTART_OFF = -1;

const SETTING_SCHEMAS = {
  /** Seconds without a touch before the kiosk asks "still there?" (migration 0040). */
  idle_timeout_seconds: z.int().min(30, 'idle timeout must be at least 30 seconds').max(600, 'idle timeout must be at most 600 seconds'),
  /** Local hour (0-23) of the nightly restart window, or NIGHTLY_RESTART_OFF (migration 0080). */
  nightly_restart_hour: z.int().min(-1, 'nightly restart hour must be -1 (off) or 0-23').max(23, 'nightly restart hour must be -1 (off) or 0-23'),
  /** Small-count suppression threshold: a published count is never below k. */
  stats_k: z.int().min(MIN_K, `k must be at least ${MIN_K}`).max(1000, 'k must be at most 1000'),
  /** Days raw session events are kept (completed days are rolled up into daily totals nightly, before that). */
  retention_days: z.int().min(1, 'retention must be at least 1 day').max(3650, 'retention must be at most 3650 days'),
  /** How this kiosk names itself in exports; set by the admin. '' = not set yet. */
  kiosk_pseudonym: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'pseudonym must be 1-32 characters: letters, digits, "_" or "-"'),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTING_SCHEMAS)[K]>;

export class InvalidSettingError extends Error {
  constructor(readonly key: SettingKey, message: string) {
    super(`Setting ${key}: ${message}`);
    this.name = 'InvalidSettingError';
  }
}

function decode<K extends SettingKey>(key: K, text: string): unknown {
  return key === 'kiosk_pseudonym' ? text : text.trim() === '' ? NaN : Number(text);
}

function check<K extends SettingKey>(key: K, value: unknown): SettingValue<K> {
  const parsed = SETTING_SCHEMAS[key].safeParse(value);
  if (!parsed.success) throw new InvalidSettingError(key, parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data as SettingValue<K>;
}

function readRaw(db: Database.Database, key: SettingKey): string {
  const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) throw new InvalidSettingError(key, 'missing from the store');
  return row.value;
}

export function getSetting<K extends SettingKey>(db: Database.Database, key: K): SettingValue<K> {
  return check(key, decode(key, readRaw(db, key)));
}

export function setSetting<K extends SettingKey>(db: Database.Database, key: K, value: SettingValue<K>): void {
  const valid = check(key, value);
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(valid));
}

export interface StatsSettings {
  k: number;
  retentionDays: number;
  /** null until the admin sets one. */
  kioskPseudonym: string | null;
}

export function getStatsSettings(db: Database.Database): StatsSettings {
  const pseudonym = readRaw(db, 'kiosk_pseudonym');
  return {
    k: getSetting(db, 'stats_k'),
    retentionDays: getSetting(db, 'retention_days'),
    kioskPseudonym: pseudonym === '' ? null : check('kiosk_pseudonym', pseudonym),
  };
}

/** For input that has not been typed yet (CLI flags, admin form): the message, or null when valid. */
export function settingProblem(key: SettingKey, value: unknown): string | null {
  const parsed = SETTING_SCHEMAS[key].safeParse(value);
  return parsed.success ? null : parsed.error.issues.map((i) => i.message).join('; ');
}
