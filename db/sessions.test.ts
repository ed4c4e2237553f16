import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openStore } from './store';
import { closeOpenSessionsAsAbandoned, endSession, logEvent, logPackEvent, SessionError, sessionUnderWay, startSession } from './sessions';
import { importPack } from './content-import';
import { fixturePack } from './test/fixture-pack';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-sessions-');
const t = (iso: string) => new Date(iso);
const start = { packId: 'card_binding', packVersion: '1.2.0', locale: 'zh-Hans', assisted: false } as const;

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof SessionError ? err.code : `not a SessionError: ${String(err)}`;
  }
  return 'no error';
}

describe('session lifecycle', () => {
  it('logs a session from the first tap to its one outcome, with the content pack version', () => {
    const db = openStore(':memory:');
    const id = startSession(db, { ...start, assisted: true, now: t('2026-03-01T02:00:00.000Z') });
    const events = [
      { type: 'answer', questionId: 'card_origin', answerId: 'mainland_card' },
      { type: 'cause_shown', causeId: 'network_unstable', rank: 0 },
      { type: 'step_viewed', causeId: 'network_unstable', stepId: 'switch_network' },
      { type: 'step_done', causeId: 'network_unstable', stepId: 'switch_network', done: true },
      { type: 'cause_result', causeId: 'network_unstable', helped: false },
      { type: 'cause_shown', causeId: 'service_maintenance_or_outage', rank: 1 },
      { type: 'locale_changed', locale: 'en' },
      { type: 'accessibility_changed', feature: 'large_text', on: true },
      { type: 'handoff_chosen', causeId: 'service_maintenance_or_outage', kind: 'retry_later' },
      { type: 'handoff_chosen', causeId: null, kind: 'counter' },
    ];
    events.forEach((e, i) => logEvent(db, id, e, t(`2026-03-01T02:00:${String(10 + i).padStart(2, '0')}.000Z`)));
    endSession(db, id, 'retry_later', t('2026-03-01T02:04:00.000Z'));

    expect(db.prepare('SELECT * FROM session').all()).toEqual([
      {
        id,
        pack_id: 'card_binding',
        pack_version: '1.2.0',
        assisted: 1,
        start_locale: 'zh-Hans',
        started_at: '2026-03-01T02:00:00.000Z',
        ended_at: '2026-03-01T02:04:00.000Z',
        outcome: 'retry_later',
        end_locale: 'en', // the locale the customer finished in
        last_cause: 'service_maintenance_or_outage', // the last cause shown
        rolled_up: 0, // not yet in the daily roll-ups (retention.ts)
      },
    ]);
    const rows = db.prepare('SELECT seq, type, question_id, answer_id, cause_id, step_id, value, flag, rank FROM session_event ORDER BY seq').all();
    expect(rows).toHaveLength(events.length);
    expect(rows[3]).toEqual({ seq: 4, type: 'step_done', question_id: null, answer_id: null, cause_id: 'network_unstable', step_id: 'switch_network', value: null, flag: 1, rank: null });
    expect(rows[7]).toMatchObject({ type: 'accessibility_changed', value: 'large_text', flag: 1 });
    expect(rows[9]).toMatchObject({ type: 'handoff_chosen', cause_id: null, value: 'counter' });
  });

  it('a session with no cause shown and no language change ends with cause "" and its start locale', () => {
    const db = openStore(':memory:');
    const id = startSession(db, { ...start, locale: 'zh-Hant' });
    endSession(db, id, 'abandoned');
    expect(db.prepare('SELECT end_locale, last_cause, outcome FROM session').get()).toEqual({ end_locale: 'zh-Hant', last_cause: '', outcome: 'abandoned' });
  });

  it('ends a session exactly once, and refuses events after the end', () => {
    const db = openStore(':memory:');
    const id = startSession(db, start);
    endSession(db, id, 'resolved');
    expect(code(() => endSession(db, id, 'timeout'))).toBe('already_ended');
    expect(code(() => logEvent(db, id, { type: 'locale_changed', locale: 'en' }))).toBe('already_ended');
    expect(() => endSession(db, id, 'timeout')).toThrow(`Session ${id} has already ended`);
    expect(db.prepare('SELECT outcome FROM session').get()).toEqual({ outcome: 'resolved' });
    expect(db.prepare('SELECT count(*) AS n FROM session_event').get()).toEqual({ n: 0 });
  });

  it('refuses to end or log on an unknown session, and refuses an unknown outcome', () => {
    const db = openStore(':memory:');
    expect(code(() => endSession(db, 42, 'resolved'))).toBe('not_found');
    expect(code(() => logEvent(db, 42, { type: 'locale_changed', locale: 'en' }))).toBe('not_found');
    const id = startSession(db, start);
    expect(code(() => endSession(db, id, 'happy' as never))).toBe('invalid_outcome');
    expect(db.prepare('SELECT ended_at FROM session').get()).toEqual({ ended_at: null });
  });

  it('refuses a start with an unknown locale or a malformed pack version', () => {
    const db = openStore(':memory:');
    expect(code(() => startSession(db, { ...start, locale: 'fr' as never }))).toBe('invalid_start');
    expect(code(() => startSession(db, { ...start, packVersion: 'latest' }))).toBe('invalid_start');
    expect(db.prepare('SELECT count(*) AS n FROM session').get()).toEqual({ n: 0 });
  });
});

describe('no personal data, ever', () => {
  const attempts: [string, unknown][] = [
    ['typed text in an id', { type: 'answer', questionId: 'card_origin', answerId: 'My card is 6222 0000 1111' }],
    ['a phone number as an id', { type: 'cause_shown', causeId: '13800138000', rank: 0 }],
    ['an id longer than 64', { type: 'step_viewed', causeId: 'a'.repeat(65), stepId: 'x1' }],
    ['an extra free-text field', { type: 'answer', questionId: 'card_origin', answerId: 'foreign_card', note: 'name: Li Lei' }],
    ['an unknown event type', { type: 'typed_text', text: 'hello' }],
    ['an unknown locale', { type: 'locale_changed', locale: 'fr' }],
    ['a rank that is not a small integer', { type: 'cause_shown', causeId: 'network_unstable', rank: 1.5 }],
  ];
  for (const [what, event] of attempts) {
    it(`refuses ${what}, and writes nothing`, () => {
      const db = openStore(':memory:');
      const id = startSession(db, start);
      expect(code(() => logEvent(db, id, event))).toBe('invalid_event');
      expect(db.prepare('SELECT count(*) AS n FROM session_event').get()).toEqual({ n: 0 });
    });
  }

  it('says which field is wrong', () => {
    const db = openStore(':memory:');
    const id = startSession(db, start);
    expect(() => logEvent(db, id, { type: 'step_viewed', causeId: 'Net Work', stepId: 'ok_step' })).toThrow(/causeId: id must be snake_case/);
  });

  it('the store itself refuses free text, even from code that skips validation', () => {
    const db = openStore(':memory:');
    const id = startSession(db, start);
    const raw = db.prepare("INSERT INTO session_event (session_id, seq, at, type, cause_id) VALUES (?, 1, '2026-03-01T02:00:00.000Z', 'cause_shown', ?)");
    expect(() => raw.run(id, 'Card 6222 0000')).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE session SET started_at = '2026-03-01 10:00 +08:00'").run()).toThrow(/CHECK constraint failed/);
  });
});

describe('crash safety', () => {
  it('every event is committed as it is written: another connection sees it at once', () => {
    const file = join(tempDir(), 'kiosk.db');
    const writer = openStore(file);
    const reader = openStore(file);
    const id = startSession(writer, start);
    logEvent(writer, id, { type: 'locale_changed', locale: 'en' });
    logEvent(writer, id, { type: 'answer', questionId: 'card_origin', answerId: 'foreign_card' });
    expect(reader.prepare('SELECT count(*) AS n FROM session_event').get()).toEqual({ n: 2 });
    writer.close();
    reader.close();
  });

  it('on start, sessions a crash left open end as abandoned, at their last event', () => {
    const file = join(tempDir(), 'kiosk.db');
    const before = openStore(file);
    const open = startSession(before, { ...start, now: t('2026-03-01T02:00:00.000Z') });
    logEvent(before, open, { type: 'cause_shown', causeId: 'network_unstable', rank: 0 }, t('2026-03-01T02:00:30.000Z'));
    logEvent(before, open, { type: 'locale_changed', locale: 'en' }, t('2026-03-01T02:01:10.000Z'));
    const untouched = startSession(before, { ...start, now: t('2026-03-01T03:00:00.000Z') });
    const ended = startSession(before, { ...start, now: t('2026-03-01T01:00:00.000Z') });
    endSession(before, ended, 'resolved', t('2026-03-01T01:02:00.000Z'));
    before.close(); // the power goes out: nobody ends the two open sessions

    const after = openStore(file);
    expect(closeOpenSessionsAsAbandoned(after, t('2026-03-02T07:00:00.000Z'))).toBe(2);
    const rows = after.prepare('SELECT id, outcome, ended_at, end_locale, last_cause FROM session ORDER BY id').all();
    expect(rows).toEqual([
      { id: open, outcome: 'abandoned', ended_at: '2026-03-01T02:01:10.000Z', end_locale: 'en', last_cause: 'network_unstable' },
      { id: untouched, outcome: 'abandoned', ended_at: '2026-03-01T03:00:00.000Z', end_locale: 'zh-Hans', last_cause: '' },
      { id: ended, outcome: 'resolved', ended_at: '2026-03-01T01:02:00.000Z', end_locale: 'zh-Hans', last_cause: '' },
    ]);
    expect(closeOpenSessionsAsAbandoned(after, t('2026-03-02T07:00:00.000Z'))).toBe(0);
    after.close();
  });
});

describe('session under way (the nightly restart waits for it)', () => {
  it('is true only while a session that started in the last two hours is open', () => {
    const db = openStore(':memory:');
    expect(sessionUnderWay(db, t('2026-03-01T04:00:00.000Z'))).toBe(false);
    const id = startSession(db, { ...start, now: t('2026-03-01T03:30:00.000Z') });
    expect(sessionUnderWay(db, t('2026-03-01T04:00:00.000Z'))).toBe(true);
    endSession(db, id, 'resolved', t('2026-03-01T04:01:00.000Z'));
    expect(sessionUnderWay(db, t('2026-03-01T04:02:00.000Z'))).toBe(false);
    // Left open by a crash long ago: not a customer at the screen.
    startSession(db, { ...start, now: t('2026-03-01T01:00:00.000Z') });
    expect(sessionUnderWay(db, t('2026-03-01T04:02:00.000Z'))).toBe(false);
    expect(sessionUnderWay(db, t('2026-03-01T02:59:00.000Z'))).toBe(true);
    db.close();
  });
});

describe("the API's write: only the session's own pack's ids", () => {
  function kiosk() {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    const sessionId = startSession(db, { packId: 'fixture_pack', packVersion: '1.0.0', locale: 'en', assisted: false, now: t('2026-11-20T09:00:00Z') });
    return { db, sessionId };
  }
  const at = t('2026-11-20T09:00:05Z');

  it('appends an event whose ids are in the pack, and refuses one naming anything else, saying which id', () => {
    const { db, sessionId } = kiosk();
    logPackEvent(db, sessionId, { type: 'step_done', causeId: 'network', stepId: 'retry', done: true }, at);
    logPackEvent(db, sessionId, { type: 'handoff_chosen', causeId: null, kind: 'counter' }, at);
    const refused = () => logPackEvent(db, sessionId, { type: 'step_viewed', causeId: 'network', stepId: 'go' }, at);
    expect(code(refused)).toBe('invalid_event');
    expect(refused).toThrow(/step "network\.go" is not in pack fixture_pack 1\.0\.0/);
    expect(db.prepare('SELECT count(*) FROM session_event').pluck().get()).toBe(2);
  });

  it('checks each session against the pack version it started on, across an import in between', () => {
    const { db, sessionId: before } = kiosk();
    logPackEvent(db, before, { type: 'cause_shown', causeId: 'network', rank: 0 }, at);
    const next = fixturePack();
    next.version = '1.1.0';
    next.causes = [...next.causes, { ...next.causes[0]!, id: 'new_cause' }];
    const start = next.questions.find((q) => q.id === 'start')!;
    start.answers = start.answers.map((a) => (a.id === 'no_load' ? { ...a, next: { causes: ['network', 'outage', 'new_cause'] } } : a));
    expect(importPack(db, next)).toMatchObject({ ok: true });
    const after = startSession(db, { packId: 'fixture_pack', packVersion: '1.1.0', locale: 'en', assisted: false, now: at });
    const event = { type: 'cause_shown', causeId: 'new_cause', rank: 1 };
    logPackEvent(db, after, event, at);
    expect(() => logPackEvent(db, before, event, at)).toThrow(/cause "new_cause" is not in pack fixture_pack 1\.0\.0/);
  });

  it('after the end, for an unknown session, or for a session whose pack the store lacks, says which it is', () => {
    const { db, sessionId } = kiosk();
    const event = { type: 'cause_shown', causeId: 'network', rank: 0 };
    expect(code(() => logPackEvent(db, 999, event, at))).toBe('not_found');
    const stray = startSession(db, { ...start, now: t('2026-11-20T09:00:00Z') });
    expect(() => logPackEvent(db, stray, event, at)).toThrow(/content pack is not in the store/);
    endSession(db, sessionId, 'resolved', at);
    expect(code(() => logPackEvent(db, sessionId, event, at))).toBe('already_ended');
    expect(db.prepare('SELECT count(*) FROM session_event').pluck().get()).toBe(0);
  });
});
