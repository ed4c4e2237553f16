import { describe, expect, it } from 'vitest';
import type { ApiResult, Locale, Outcome, SessionEvent } from '../../../electron/api';
import { LocaleManager } from '../i18n/locale.svelte';
import { KioskSession } from './kiosk-session.svelte';
import { outcomeOf } from './session-log';
import { answerOf, fakeContent } from './test/fake-content';
import { fakeKiosk, type Call } from './test/fake-kiosk';

/** A session over a fresh fake kiosk; double-tap guard off. */
function setup(options: { assistedBy?: string | null; onStaffExpired?: () => void; fake?: ReturnType<typeof fakeKiosk> } = {}) {
  const fake = options.fake ?? fakeKiosk(fakeContent);
  const token = options.assistedBy ?? null;
  const session = new KioskSession(fake.client, new LocaleManager(null), {
    settleMs: 0,
    assistedBy: () => token,
    ...(options.onStaffExpired ? { onStaffExpired: options.onStaffExpired } : {}),
  });
  return { fake, session, flow: session.flow, content: fakeContent('en') };
}

/** The session-log calls, written short: ['start zh-Hans', 'answer start/a_direct', ..., 'end resolved']. */
function logLines(calls: Call[]): string[] {
  const lines: string[] = [];
  for (const c of calls) {
    if (c.method === 'startSession') lines.push(`start ${c.arg.locale}${c.arg.assistedBy ? ' assisted' : ''}`);
    else if (c.method === 'endSession') lines.push(`#${c.arg.sessionId} end ${c.arg.outcome}`);
    else if (c.method === 'logEvent') lines.push(`#${c.arg.sessionId} ${eventLine(c.arg.event)}`);
  }
  return lines;
}

function eventLine(e: SessionEvent): string {
  switch (e.type) {
    case 'answer':
      return `answer ${e.questionId}/${e.answerId}`;
    case 'cause_shown':
      return `cause_shown ${e.causeId} rank ${e.rank}`;
    case 'step_viewed':
      return `step_viewed ${e.causeId}/${e.stepId}`;
    case 'step_done':
      return `step_done ${e.causeId}/${e.stepId} ${e.done}`;
    case 'cause_result':
      return `cause_result ${e.causeId} helped ${e.helped}`;
    case 'handoff_chosen':
      return `handoff_chosen ${e.causeId ?? 'fallback'} ${e.kind}`;
    case 'locale_changed':
      return `locale_changed ${e.locale}`;
    case 'accessibility_changed':
      return `accessibility_changed ${e.feature} ${e.on}`;
  }
}

async function toStart(s: ReturnType<typeof setup>, locale: Locale = 'en') {
  s.flow.begin();
  await s.session.chooseLanguage(locale);
}

// An unhandled promise rejection anywhere fails the vitest run, so every test here also checks there are none.
describe('session log', () => {
  it('logs a walk to "it works" in order, from the first tap to Finish', async () => {
    const s = setup();
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.toggleStep('net', 'net_s1');
    s.flow.toggleStep('net', 'net_s2');
    s.flow.toggleStep('net', 'net_s2');
    s.flow.notSolved('counter');
    s.flow.solved();
    s.session.startOver(); // Finish
    await s.session.log.settled();

    expect(logLines(s.fake.calls)).toEqual([
      'start zh-Hans',
      '#1 locale_changed en',
      '#1 answer start/a_direct',
      '#1 cause_shown net rank 0',
      '#1 step_viewed net/net_s1',
      '#1 step_viewed net/net_s2',
      '#1 step_done net/net_s1 true',
      '#1 step_done net/net_s2 true',
      '#1 step_done net/net_s2 false',
      '#1 cause_result net helped false',
      '#1 cause_shown phone rank 1',
      '#1 step_viewed phone/phone_s1',
      '#1 step_viewed phone/phone_s2',
      '#1 cause_result phone helped true',
      '#1 end resolved',
    ]);
  });

  it('starts the session at the first tap, in the default language, before any language is picked', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.log.settled();
    expect(logLines(s.fake.calls)).toEqual(['start zh-Hans']);
    expect(s.fake.callsTo('startSession')[0]?.arg).toEqual({ locale: 'zh-Hans', assistedBy: null });
  });

  it('picking the language already in use logs no locale change; a switch from the top bar does', async () => {
    const s = setup();
    await toStart(s, 'zh-Hans');
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    await s.session.switchLanguage('zh-Hant');
    await s.session.switchLanguage('zh-Hant');
    await s.session.log.settled();
    expect(logLines(s.fake.calls)).toEqual(['start zh-Hans', '#1 answer start/a_more', '#1 locale_changed zh-Hant']);
  });

  it('the fallback after the last "No" is a hand-off with no cause, and ends as that hand-off', async () => {
    const s = setup();
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    s.flow.answer(answerOf(s.content, 'detail', 'd_one'));
    s.flow.notSolved('counter');
    s.session.startOver();
    await s.session.log.settled();
    expect(logLines(s.fake.calls).slice(-3)).toEqual([
      '#1 cause_result phone helped false',
      '#1 handoff_chosen fallback counter',
      '#1 end escalated_counter',
    ]);
  });

  it.each([
    [0, 'retry_later', 'retry_later'],
    [1, 'hotline', 'escalated_hotline'],
  ] as const)('a cause’s own hand-off (%i, %s) is logged with its cause and ends as %s', async (index, kind, outcome) => {
    const s = setup();
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    s.flow.answer(answerOf(s.content, 'detail', 'd_two'));
    s.flow.handoff(index, kind);
    s.session.startOver();
    await s.session.log.settled();
    expect(logLines(s.fake.calls).slice(-2)).toEqual([`#1 handoff_chosen outage ${kind}`, `#1 end ${outcome}`]);
  });

  it('Start over anywhere but an outcome screen ends the session as abandoned, once', async () => {
    const s = setup();
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.session.startOver();
    s.session.startOver(); // already on the attract screen: no session left to end
    await s.session.log.settled();
    expect(s.fake.callsTo('endSession').map((c) => c.arg)).toEqual([{ sessionId: 1, outcome: 'abandoned' }]);
  });

  it('gives each customer a session of their own, each ended exactly once', async () => {
    const s = setup();
    for (let i = 0; i < 3; i++) {
      await toStart(s, 'en');
      s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
      if (i === 1) s.flow.solved();
      s.session.startOver();
    }
    await s.session.log.settled();
    expect(s.fake.callsTo('startSession')).toHaveLength(3);
    expect(s.fake.callsTo('endSession').map((c) => c.arg)).toEqual([
      { sessionId: 1, outcome: 'abandoned' },
      { sessionId: 2, outcome: 'resolved' },
      { sessionId: 3, outcome: 'abandoned' },
    ]);
    // Nothing is logged to a session after it ended.
    const ended = new Set<number>();
    for (const c of s.fake.calls) {
      if (c.method === 'endSession') ended.add(c.arg.sessionId);
      if (c.method === 'logEvent') expect(ended.has(c.arg.sessionId)).toBe(false);
    }
  });

  it('the language screen left by Start over is an abandoned session too', async () => {
    const s = setup();
    s.flow.begin();
    s.session.startOver();
    await s.session.log.settled();
    expect(logLines(s.fake.calls)).toEqual(['start zh-Hans', '#1 end abandoned']);
  });

  it('Back onto a cause logs it as shown again (the store counts each step once per session)', async () => {
    const s = setup();
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    s.flow.answer(answerOf(s.content, 'detail', 'd_one'));
    s.flow.back();
    s.flow.back();
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    await s.session.log.settled();
    expect(logLines(s.fake.calls).filter((l) => l.includes('cause_shown'))).toEqual(['#1 cause_shown phone rank 0', '#1 cause_shown net rank 0']);
  });

  it('staff mode: sessions start with the staff token; a cause picked from the index is shown at rank 0', async () => {
    const token = 'f'.repeat(64);
    const s = setup({ assistedBy: token });
    await toStart(s, 'en');
    s.flow.openIndex();
    s.flow.openCause('outage');
    await s.session.log.settled();
    expect(s.fake.callsTo('startSession')[0]?.arg).toEqual({ locale: 'zh-Hans', assistedBy: token });
    expect(logLines(s.fake.calls)).toEqual([
      'start zh-Hans assisted',
      '#1 locale_changed en',
      '#1 cause_shown outage rank 0',
      '#1 step_viewed outage/outage_s1',
      '#1 step_viewed outage/outage_s2',
    ]);
  });

  it('an expired staff token (session logged as self-service): the customer carries on, staff mode is told to end', async () => {
    const expired: string[] = [];
    const fake = fakeKiosk(fakeContent, {
      startSession: async () => ({ ok: true, value: { sessionId: 3, assisted: false } }),
    });
    const s = setup({ fake, assistedBy: 'e'.repeat(64), onStaffExpired: () => expired.push('expired') });
    await toStart(s, 'en');
    await s.session.log.settled();
    expect(expired).toEqual(['expired']);
    expect(fake.callsTo('startSession')).toHaveLength(1);
    expect(logLines(fake.calls).at(-1)).toBe('#3 locale_changed en');
  });

  it('an expired staff token refused outright: the session is started again, self-service', async () => {
    const expired: string[] = [];
    const fake = fakeKiosk(fakeContent, {
      startSession: async ({ assistedBy }) =>
        assistedBy === null
          ? { ok: true, value: { sessionId: 7, assisted: false } }
          : { ok: false, error: { code: 'unauthorized', message: 'token expired', details: [] } },
    });
    const s = setup({ fake, assistedBy: 'e'.repeat(64), onStaffExpired: () => expired.push('expired') });
    await toStart(s, 'en');
    await s.session.log.settled();
    expect(expired).toEqual(['expired']);
    expect(s.fake.callsTo('startSession').map((c) => c.arg.assistedBy)).toEqual(['e'.repeat(64), null]);
    expect(logLines(s.fake.calls).at(-1)).toBe('#7 locale_changed en');
  });

  it('waits for the session id: events tapped before startSession answers go out after it, in order', async () => {
    let answer: (r: ApiResult<{ sessionId: number; assisted: boolean }>) => void = () => {};
    const fake = fakeKiosk(fakeContent, {
      startSession: () => new Promise((resolve) => (answer = resolve)),
    });
    const s = setup({ fake });
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    expect(fake.callsTo('logEvent')).toEqual([]);
    answer({ ok: true, value: { sessionId: 42, assisted: false } });
    await s.session.log.settled();
    expect(logLines(fake.calls).slice(0, 4)).toEqual(['start zh-Hans', '#42 locale_changed en', '#42 answer start/a_direct', '#42 cause_shown net rank 0']);
  });

  it('never blocks or breaks the flow: failed, throwing or refused calls are dropped quietly', async () => {
    const fake = fakeKiosk(fakeContent, {
      logEvent: () => Promise.reject(new Error('bridge gone')),
      endSession: async () => ({ ok: false, error: { code: 'storage_unavailable', message: 'disk full', details: [] } }),
    });
    const s = setup({ fake });
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.solved();
    expect(s.flow.screen).toEqual({ kind: 'outcome', outcome: { kind: 'resolved', causeId: 'net' } });
    s.session.startOver();
    await s.session.log.settled();
    expect(s.flow.screen).toEqual({ kind: 'attract' });
    expect(fake.callsTo('endSession')).toHaveLength(1);
  });

  it('a session that could not start logs nothing and ends nothing, and the customer carries on', async () => {
    const fake = fakeKiosk(fakeContent, {
      startSession: async () => ({ ok: false, error: { code: 'storage_unavailable', message: 'read-only', details: [] } }),
    });
    const s = setup({ fake });
    await toStart(s, 'en');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.session.startOver();
    await s.session.log.settled();
    expect(fake.calls.map((c) => c.method).sort()).toEqual(['getContent', 'startSession']);
  });

  it('maps each ending screen to its outcome', () => {
    const cases: [Parameters<typeof outcomeOf>[0], Outcome][] = [
      [{ kind: 'outcome', outcome: { kind: 'resolved', causeId: 'x' } }, 'resolved'],
      [{ kind: 'outcome', outcome: { kind: 'handoff', handoff: 'counter', causeId: null } }, 'escalated_counter'],
      [{ kind: 'outcome', outcome: { kind: 'handoff', handoff: 'issuer', causeId: 'x', index: 0 } }, 'escalated_issuer'],
      [{ kind: 'outcome', outcome: { kind: 'handoff', handoff: 'hotline', causeId: 'x', index: 1 } }, 'escalated_hotline'],
      [{ kind: 'outcome', outcome: { kind: 'handoff', handoff: 'retry_later', causeId: 'x', index: 0 } }, 'retry_later'],
      [{ kind: 'question', questionId: 'q' }, 'abandoned'],
      [{ kind: 'cause', causeIds: ['x'], index: 0 }, 'abandoned'],
      [{ kind: 'out_of_order', code: 'internal' }, 'abandoned'],
      [{ kind: 'language' }, 'abandoned'],
    ];
    for (const [screen, outcome] of cases) expect(outcomeOf(screen)).toBe(outcome);
  });
});
