import { describe, expect, it } from 'vitest';
import { openStore } from './store';
import { getSetting, getStatsSettings, InvalidSettingError, setSetting } from './settings';

describe('statistics settings', () => {
  it('start at k = 11, 90 days of raw events, and no pseudonym', () => {
    const db = openStore(':memory:');
    expect(getStatsSettings(db)).toEqual({ k: 11, retentionDays: 90, kioskPseudonym: null });
  });

  it('keep what the admin sets', () => {
    const db = openStore(':memory:');
    setSetting(db, 'stats_k', 20);
    setSetting(db, 'retention_days', 3650);
    setSetting(db, 'kiosk_pseudonym', 'branch-042_A');
    expect(getStatsSettings(db)).toEqual({ k: 20, retentionDays: 3650, kioskPseudonym: 'branch-042_A' });
  });

  it('never let k go below 5', () => {
    const db = openStore(':memory:');
    setSetting(db, 'stats_k', 5);
    expect(() => setSetting(db, 'stats_k', 4)).toThrow('Setting stats_k: k must be at least 5');
    expect(() => setSetting(db, 'stats_k', 7.5)).toThrow(InvalidSettingError);
    expect(getSetting(db, 'stats_k')).toBe(5);
  });

  it('refuse a retention outside 1 to 3650 days', () => {
    const db = openStore(':memory:');
    expect(() => setSetting(db, 'retention_days', 0)).toThrow('at least 1 day');
    expect(() => setSetting(db, 'retention_days', 3651)).toThrow('at most 3650 days');
    setSetting(db, 'retention_days', 1);
    expect(getSetting(db, 'retention_days')).toBe(1);
  });

  it('refuse a pseudonym that is empty, too long, or more than letters, digits, _ and -', () => {
    const db = openStore(':memory:');
    for (const bad of ['', 'a'.repeat(33), 'Branch 42', '分行', 'a/b', 'li.lei@bank']) {
      expect(() => setSetting(db, 'kiosk_pseudonym', bad)).toThrow(InvalidSettingError);
    }
    setSetting(db, 'kiosk_pseudonym', 'a'.repeat(32));
    expect(getSetting(db, 'kiosk_pseudonym')).toBe('a'.repeat(32));
  });

  it('refuse a value someone lowered by editing the store by hand', () => {
    const db = openStore(':memory:');
    db.prepare("UPDATE setting SET value = '2' WHERE key = 'stats_k'").run();
    expect(() => getStatsSettings(db)).toThrow('Setting stats_k: k must be at least 5');
  });
});
