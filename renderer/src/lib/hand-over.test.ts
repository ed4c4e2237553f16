/**
 * Issue 4: the idle timeout and "I'm done" end the session and leave nothing
 * of the customer for the next person.
 */
import { describe, expect, it } from 'vitest';
import { LocaleManager } from '../i18n/locale.svelte';
import { KioskSession } from './kiosk-session.svelte';
import { answerOf, fakeContent } from './test/fake-content';
import { fakeKiosk } from './test/fake-kiosk';
import { fakeTimers } from './test/fake-timers';

function setup(info: { idleTimeoutSeconds?: number; fails?: boolean } = {}) {
  const fake = fakeKiosk(fakeContent, {
    getKioskInfo: async () =>
      info.fails
        ? { ok: false, error: { code: 'no_active_pack', message: 'none', details: [] } }
        : { ok: true, value: { packId: 'fake', packVersion: '1.0.0', locales: ['zh-Hans', 'zh-Hant', 'en'], idleTimeoutSeconds: info.idleTimeoutSeconds ?? 90 } },
  });
  const timers = fakeTimers();
  const locale = new LocaleManager(null);
  const session = new KioskSession(fake.client, locale, { settleMs: 0, timers, warnSeconds: 20, root: null });
  return { fake, timers, locale, session, flow: session.flow, content: fakeContent('en') };
}

const ends = (s: ReturnType<typeof setup>) => s.fake.callsTo('endSession').map((c) => c.arg.outcome);

describe('idle timeout and hand-over', () => {
  it('does not watch the attract screen', () => {
    const s = setup();
    s.timers.advance(3600_000);
    expect(s.session.idle.phase).toBe('off');
    expect(s.flow.screen).toEqual({ kind: 'attract' });
  });

  it('warns, then ends the session as timeout and leaves no trace: screen, history, steps, language', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.toggleStep('net', 'net_s1');
    s.session.access.toggle('large_text');
    expect(s.session.idle.idleSeconds).toBe(180);
    s.timers.advance(180_000);
    expect(s.session.idle.phase).toBe('warning');
    expect(s.flow.screen.kind).toBe('cause');
    s.timers.advance(20_000);
    await s.session.log.settled();
    expect(s.flow.screen).toEqual({ kind: 'attract' });
    expect(s.flow.history).toEqual([]);
    expect(s.flow.doneSteps).toEqual({});
    expect(s.locale.current).toBe('zh-Hans');
    expect(s.session.access.anyOn).toBe(false);
    expect(s.session.content.get('en')).toBeUndefined();
    expect(s.session.idle.phase).toBe('off');
    expect(ends(s)).toEqual(['timeout']);
    // Nothing more happens while the attract screen waits for the next person.
    s.timers.advance(3600_000);
    await s.session.log.settled();
    expect(ends(s)).toEqual(['timeout']);
  });

  it('"I\'m still here" keeps the place and the session', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    s.timers.advance(95_000);
    s.session.idle.stillHere();
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: 'detail' });
    s.timers.advance(85_000);
    await s.session.log.settled();
    expect(ends(s)).toEqual([]);
    expect(s.locale.current).toBe('en');
  });

  it('"I\'m done" on an outcome ends with that outcome; before one, as abandoned', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.solved();
    s.session.startOver();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    s.session.startOver();
    await s.session.log.settled();
    expect(ends(s)).toEqual(['resolved', 'abandoned']);
    expect(s.session.idle.phase).toBe('off');
  });

  it('uses the admin setting read from the kiosk, and keeps the default when it cannot be read', async () => {
    const s = setup({ idleTimeoutSeconds: 45 });
    await s.session.refreshIdleTimeout();
    expect(s.session.idle.idleSeconds).toBe(45);
    const failing = setup({ fails: true });
    await failing.session.refreshIdleTimeout();
    expect(failing.session.idle.idleSeconds).toBe(90);
  });

  it('a timeout on the attract screen itself does nothing', async () => {
    const s = setup();
    s.session.timeOut();
    await s.session.log.settled();
    expect(ends(s)).toEqual([]);
    expect(s.fake.callsTo('startSession')).toEqual([]);
  });
});
