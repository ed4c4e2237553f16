import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './store';
import { importPack } from './content-import';
import { fixturePack } from './test/fixture-pack';
import { logScripted } from './test/scripted-session';
import { readDashboard, recentPeriod } from './dashboard';
import { prepareStoreAtStart } from './kiosk-startup';
import { startSession } from './sessions';
import { rollUpOldSessions } from './retention';

function storeWithSessions() {
  const db = openStore(':memory:');
  importPack(db, fixturePack());
  const network = [{ type: 'cause_shown', causeId: 'network', rank: 0 }, { type: 'step_viewed', causeId: 'network', stepId: 'switch' }] as const;
  // Day 1: two resolved on "network", one sent to the counter for "reserved_phone" (assisted).
  logScripted(db, { start: '2026-11-18T09:00:00Z', outcome: 'resolved', events: [...network, { type: 'step_done', causeId: 'network', stepId: 'switch', done: true }, { type: 'cause_result', causeId: 'network', helped: true }] });
  logScripted(db, { start: '2026-11-18T10:00:00Z', outcome: 'resolved', events: [...network] });
  logScripted(db, { start: '2026-11-18T11:00:00Z', outcome: 'escalated_counter', assisted: true, events: [{ type: 'cause_shown', causeId: 'reserved_phone', rank: 0 }] });
  // Day 3: one gave up before any cause.
  logScripted(db, { start: '2026-11-20T08:00:00Z', outcome: 'abandoned' });
  return db;
}

describe('readDashboard', () => {
  it('gives a branch manager sessions per day, resolution rate and the share sent to the counter', () => {
    const view = readDashboard(storeWithSessions(), 'en', { from: '2026-11-17', to: '2026-11-20' });
    expect(view.days).toEqual([
      { day: '2026-11-17', sessions: 0, resolved: 0 },
      { day: '2026-11-18', sessions: 3, resolved: 2 },
      { day: '2026-11-19', sessions: 0, resolved: 0 },
      { day: '2026-11-20', sessions: 1, resolved: 0 },
    ]);
    expect(view.totals).toMatchObject({ sessions: 4, resolved: 2, escalated_counter: 1, abandoned: 1, assisted: 1 });
    expect(view.resolutionRate).toBe(0.5);
    expect(view.counterShare).toBe(0.25);
  });

  it('names the top causes in the admin\'s language, and where people stop in their steps', () => {
    const view = readDashboard(storeWithSessions(), 'zh-Hant', { from: '2026-11-18', to: '2026-11-18' });
    expect(view.topCauses).toEqual([
      { causeId: 'network', title: '繁:Weak network', sessions: 2, resolved: 2 },
      { causeId: 'reserved_phone', title: '繁:Old phone number', sessions: 1, resolved: 0 },
    ]);
    const network = view.stepDropOff.find((c) => c.causeId === 'network')!;
    expect(network.steps.map((s) => s.stepId)).toEqual(['switch', 'retry']);
    expect(network.steps.find((s) => s.stepId === 'switch')).toEqual({ stepId: 'switch', title: '繁:Switch network', viewed: 2, done: 1, helped: 1 });
  });

  it('shows the same once the nightly roll-up has run: rolled-up days from their roll-ups, today from raw', () => {
    const db = storeWithSessions();
    // Today (11-20) has a session too; the view runs into today, as the admin screen's does.
    const period = recentPeriod(7, new Date('2026-11-20T12:00:00Z'));
    const before = readDashboard(db, 'en', period);
    const result = rollUpOldSessions(db, { now: new Date('2026-11-20T12:00:00Z') });
    expect(result.rolledUp.days).toEqual(['2026-11-18']);
    expect(db.prepare("SELECT count(*) FROM session WHERE rolled_up = 0 AND started_at >= '2026-11-20'").pluck().get()).toBe(1);
    expect(readDashboard(db, 'en', period)).toEqual(before);
    expect(before.totals.sessions).toBe(4);
    // Later that day, one more session: counted at once.
    logScripted(db, { start: '2026-11-20T13:00:00Z', outcome: 'resolved' });
    expect(readDashboard(db, 'en', period).days.at(-1)).toEqual({ day: '2026-11-20', sessions: 2, resolved: 1 });
  });

  it('is empty, not an error, on a new kiosk', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    const view = readDashboard(db, 'en', recentPeriod(7, new Date('2026-11-20T12:00:00Z')));
    expect(view.days).toHaveLength(7);
    expect(view.days[6]!.day).toBe('2026-11-20');
    expect(view.resolutionRate).toBeNull();
    expect(view.topCauses).toEqual([]);
  });
});

describe('prepareStoreAtStart', () => {
  it('closes sessions a crash left open as abandoned', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    startSession(db, { packId: 'fixture_pack', packVersion: '1.0.0', locale: 'en', assisted: false, now: new Date('2026-11-20T08:00:00Z') });
    expect(prepareStoreAtStart(db, { now: new Date('2026-11-20T09:00:00Z') })).toEqual({ abandonedSessions: 1, provisioning: null, provisioningError: null, problems: [], damaged: false });
    expect(readDashboard(db, 'en', { from: '2026-11-20', to: '2026-11-20' }).totals.abandoned).toBe(1);
    expect(prepareStoreAtStart(db, { now: new Date('2026-11-20T09:05:00Z') }).abandonedSessions).toBe(0);
  });

  it('never throws: a malformed provisioning file and a pack-keys path that is a file are reported, and the rest still runs', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    startSession(db, { packId: 'fixture_pack', packVersion: '1.0.0', locale: 'en', assisted: false, now: new Date('2026-11-20T08:00:00Z') });
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-startup-'));
    try {
      writeFileSync(join(dir, 'provisioning.json'), '{"schemaVersion": 1,');
      writeFileSync(join(dir, 'pack-keys'), 'not a folder');
      const report = prepareStoreAtStart(db, { provisioningFile: join(dir, 'provisioning.json'), packKeysDir: join(dir, 'pack-keys'), now: new Date('2026-11-20T09:00:00Z') });
      expect(report.abandonedSessions).toBe(1);
      expect(report.provisioning).toBeNull();
      expect(report.provisioningError).toMatch(/not valid JSON/);
      expect(report.problems).toEqual([
        expect.stringMatching(/^the provisioning file was not applied: The provisioning file .*provisioning\.json cannot be used; \(file\): not valid JSON/),
        expect.stringMatching(/pack keys in .*pack-keys were not read: .*ENOTDIR/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a store it cannot write instead of throwing', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    startSession(db, { packId: 'fixture_pack', packVersion: '1.0.0', locale: 'en', assisted: false, now: new Date('2026-11-20T08:00:00Z') });
    db.pragma('query_only = ON');
    expect(prepareStoreAtStart(db, { now: new Date('2026-11-20T09:00:00Z') })).toEqual({
      abandonedSessions: 0,
      provisioning: null,
      provisioningError: null,
      problems: [expect.stringMatching(/^sessions left open by a crash were not closed: /)],
      // A store that refuses writes is not a damaged one: no full check for it.
      damaged: false,
    });
  });
});
