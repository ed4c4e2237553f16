import { describe, expect, it } from 'vitest';
import { openStore } from './store';
import { AUDIT_SQL, AuditError, listAudit, newestAuditId, pinLockoutsAfter, recordAudit, summarizePinLockouts } from './audit';

const t = (iso: string) => new Date(iso);

describe('audit log', () => {
  it('records who did what, and lists the newest first', () => {
    const db = openStore(':memory:');
    recordAudit(db, { role: 'admin', action: 'stats_exported', detail: 'from=2026-03-01,to=2026-03-31', now: t('2026-04-01T09:00:00.000Z') });
    recordAudit(db, { role: 'staff', action: 'unlocked', now: t('2026-04-01T10:00:00.000Z') });
    recordAudit(db, { role: 'system', action: 'pin_lockout', detail: 'lockout=1,minutes=5', now: t('2026-04-01T10:00:00.000Z') });
    expect(listAudit(db, { limit: 2 })).toEqual([
      { id: 3, at: '2026-04-01T10:00:00.000Z', role: 'system', action: 'pin_lockout', detail: 'lockout=1,minutes=5' },
      { id: 2, at: '2026-04-01T10:00:00.000Z', role: 'staff', action: 'unlocked', detail: '' },
    ]);
    expect(listAudit(db, { limit: 1000 }).map((e) => e.id)).toEqual([3, 2, 1]);
  });

  it('refuses free text, spaces, odd actions and unknown roles, and writes nothing', () => {
    const db = openStore(':memory:');
    const now = t('2026-04-01T09:00:00.000Z');
    const bad = [
      { role: 'admin', action: 'pin_set', detail: 'customer Li Lei 13800138000', now },
      { role: 'admin', action: 'pin_set', detail: 'x'.repeat(201), now },
      { role: 'admin', action: 'Pin Set', now },
      { role: 'admin', action: 'x', now },
      { role: 'customer', action: 'pin_set', now },
      { role: 'admin', action: 'pin_set', now: new Date(NaN) },
    ] as const;
    for (const entry of bad) expect(() => recordAudit(db, entry as never)).toThrow(AuditError);
    expect(() => recordAudit(db, bad[0])).toThrow(/detail: detail must be machine-made key=value tokens/);
    expect(listAudit(db, { limit: 10 })).toEqual([]);
  });

  it('has the same rule in the table, for anything that bypasses recordAudit', () => {
    const db = openStore(':memory:');
    const insert = db.prepare(AUDIT_SQL.insert);
    expect(() => insert.run('2026-04-01T09:00:00.000Z', 'admin', 'pin_set', 'note: phone 138 0013 8000')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('2026-04-01 09:00', 'admin', 'pin_set', '')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('2026-04-01T09:00:00.000Z', 'admin', 'PinSet', '')).toThrow(/CHECK constraint failed/);
  });

  it('pages by a limit from 1 to 1000', () => {
    const db = openStore(':memory:');
    for (const limit of [0, -1, 1.5, 1001, NaN]) expect(() => listAudit(db, { limit })).toThrow(RangeError);
  });

  it('reads the newest rows through the index on at, without sorting', () => {
    const db = openStore(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${AUDIT_SQL.listNewest}`).all(10) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/SCAN audit_log USING INDEX audit_log_by_at/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('PIN-pad lockouts, for health.json', () => {
  const lockout = (db: ReturnType<typeof openStore>, at: string, detail = 'lockout=1,minutes=5') =>
    recordAudit(db, { role: 'system', action: 'pin_lockout', detail, now: t(at) });

  it('counts the lockouts of the last 24 hours and 7 days, and says when the last one was and how long it held', () => {
    const db = openStore(':memory:');
    const now = t('2026-04-10T12:00:00.000Z');
    expect(summarizePinLockouts(db, now)).toEqual({ last24h: 0, last7d: 0, last: null });
    lockout(db, '2026-03-01T09:00:00.000Z'); // older than a week
    lockout(db, '2026-04-03T12:00:00.000Z'); // exactly 7 days: out
    lockout(db, '2026-04-03T12:00:00.001Z');
    lockout(db, '2026-04-09T12:00:00.000Z'); // exactly 24 hours: in the week only
    lockout(db, '2026-04-10T08:00:00.000Z', 'lockout=1,minutes=5');
    lockout(db, '2026-04-10T08:05:00.000Z', 'lockout=2,minutes=10');
    // Not lockouts: unlocks, exports.
    recordAudit(db, { role: 'admin', action: 'unlocked', now: t('2026-04-10T11:00:00.000Z') });
    recordAudit(db, { role: 'admin', action: 'stats_exported', detail: 'from=2026-03-01,to=2026-03-31', now: t('2026-04-10T11:30:00.000Z') });
    expect(summarizePinLockouts(db, now)).toEqual({
      last24h: 2,
      last7d: 4,
      last: { at: '2026-04-10T08:05:00.000Z', minutes: 10, inARow: 2 },
    });
  });

  it('never fails on a row whose detail it does not know', () => {
    const db = openStore(':memory:');
    lockout(db, '2026-04-10T08:00:00.000Z', '');
    expect(summarizePinLockouts(db, t('2026-04-10T09:00:00.000Z')).last).toEqual({ at: '2026-04-10T08:00:00.000Z', minutes: null, inARow: null });
    lockout(db, '2026-04-10T08:30:00.000Z', 'minutes=x,lockout=-1');
    expect(summarizePinLockouts(db, t('2026-04-10T09:00:00.000Z')).last).toEqual({ at: '2026-04-10T08:30:00.000Z', minutes: null, inARow: null });
  });

  it('lists the lockouts recorded after a row, oldest first, so the shell logs each one once', () => {
    const db = openStore(':memory:');
    expect(newestAuditId(db)).toBe(0);
    lockout(db, '2026-04-10T08:00:00.000Z');
    recordAudit(db, { role: 'admin', action: 'unlocked', now: t('2026-04-10T08:10:00.000Z') });
    const seen = newestAuditId(db);
    expect(seen).toBe(2);
    expect(pinLockoutsAfter(db, seen)).toEqual([]);
    lockout(db, '2026-04-10T09:00:00.000Z', 'lockout=1,minutes=5');
    recordAudit(db, { role: 'staff', action: 'unlocked', now: t('2026-04-10T09:30:00.000Z') });
    lockout(db, '2026-04-10T10:00:00.000Z', 'lockout=2,minutes=10');
    expect(pinLockoutsAfter(db, seen)).toEqual([
      { id: 3, at: '2026-04-10T09:00:00.000Z', minutes: 5, inARow: 1 },
      { id: 5, at: '2026-04-10T10:00:00.000Z', minutes: 10, inARow: 2 },
    ]);
    expect(pinLockoutsAfter(db, seen, 1)).toHaveLength(1);
  });

  it("reads the week's rows through the index on at, new rows by rowid, and the last lockout without sorting", () => {
    const db = openStore(':memory:');
    const plan = (sql: string, ...args: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan(AUDIT_SQL.countPinLockouts, 'a', 'b', 'c')).toMatch(/SEARCH audit_log USING INDEX audit_log_by_at \(at>\? AND at<\?\)/);
    expect(plan(AUDIT_SQL.lastPinLockout)).toBe('SCAN audit_log');
    expect(plan(AUDIT_SQL.pinLockoutsAfter, 0, 10)).toMatch(/SEARCH audit_log USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });
});
