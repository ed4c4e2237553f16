import { describe, expect, it } from 'vitest';
import { openStore } from './store';
import { AUDIT_SQL, AuditError, listAudit, recordAudit } from './audit';

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
