import { describe, expect, it } from 'vitest';
import type { AnswerView, ContentView } from '../../../electron/api';
import { LocaleManager } from '../i18n/locale.svelte';
import { Flow } from './flow.svelte';
import { resolveScreen } from './resolve';
import { fakeContent } from './test/fake-content';

/** A flow with its own locale manager and no double-tap guard, unless a clock is given. */
function setup(options: { now?: () => number; settleMs?: number } = { settleMs: 0 }) {
  const locale = new LocaleManager(null);
  const flow = new Flow(locale, options);
  const content = fakeContent('en');
  return { locale, flow, content };
}

function answerOf(content: ContentView, questionId: string, answerId: string): AnswerView {
  const found = content.questions[questionId]?.answers.find((a) => a.id === answerId);
  if (!found) throw new Error(`fake content has no answer ${questionId}/${answerId}`);
  return found;
}

/** Attract → language → the start question, in English. */
function toStart(s: ReturnType<typeof setup>) {
  s.flow.begin();
  s.flow.chooseLanguage('en', s.content.startQuestion);
}

describe('Flow', () => {
  it('staff mode ending takes the list of every cause off the screen and out of Back, at once', () => {
    let now = 0;
    const s = setup({ now: () => now, settleMs: 350 });
    for (const move of [() => s.flow.begin(), () => s.flow.chooseLanguage('en', s.content.startQuestion), () => s.flow.openIndex()]) {
      now += 1000;
      move();
    }
    expect(s.flow.screen).toEqual({ kind: 'cause_index' });
    // Straight after the list came up, when Back would still be ignored as a double tap.
    s.flow.dropStaffScreens();
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: s.content.startQuestion });
    expect(s.flow.history.map((h) => h.kind)).toEqual(['attract', 'language']);

    // A cause picked from the list: it stays on screen, but Back now skips the list.
    for (const move of [() => s.flow.openIndex(), () => s.flow.openCause(Object.keys(s.content.causes)[0]!)]) {
      now += 1000;
      move();
    }
    s.flow.dropStaffScreens();
    expect(s.flow.screen.kind).toBe('cause');
    now += 1000;
    s.flow.back();
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: s.content.startQuestion });
  });

  it('starts on the attract screen, then asks for the language, then the start question', () => {
    const s = setup();
    expect(s.flow.screen).toEqual({ kind: 'attract' });
    expect(s.flow.canGoBack).toBe(false);
    s.flow.begin();
    expect(s.flow.screen).toEqual({ kind: 'language' });
    s.flow.chooseLanguage('zh-Hant', 'start');
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: 'start' });
    expect(s.locale.current).toBe('zh-Hant');
    expect(s.flow.canGoBack).toBe(true);
  });

  it('an answer that names a question leads to that question', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: 'detail' });
  });

  it('an answer that names causes leads to the first of them, in the pack’s order', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    s.flow.answer(answerOf(s.content, 'detail', 'd_two'));
    expect(s.flow.screen).toEqual({ kind: 'cause', causeIds: ['outage', 'net'], index: 0 });
    const resolved = resolveScreen(s.flow.screen, s.content);
    expect(resolved).toMatchObject({ kind: 'cause', cause: { id: 'outage' }, position: 1, total: 2 });
  });

  it('"no" moves to the next candidate cause, then to the pack’s fallback when none is left', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.notSolved(s.content.fallback.handoff.kind);
    expect(s.flow.screen).toEqual({ kind: 'cause', causeIds: ['net', 'phone', 'outage'], index: 1 });
    expect(resolveScreen(s.flow.screen, s.content)).toMatchObject({ cause: { id: 'phone' }, position: 2, total: 3 });
    s.flow.notSolved(s.content.fallback.handoff.kind);
    expect(s.flow.screen).toMatchObject({ kind: 'cause', index: 2 });
    s.flow.notSolved(s.content.fallback.handoff.kind);
    expect(s.flow.screen).toEqual({ kind: 'outcome', outcome: { kind: 'handoff', handoff: 'counter', causeId: null } });
    expect(resolveScreen(s.flow.screen, s.content)).toEqual({
      kind: 'outcome',
      outcome: { kind: 'handoff', handoff: s.content.fallback.handoff, lead: 'en:We could not find it' },
    });
  });

  it('"yes" ends on the resolved outcome for the cause on screen', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.notSolved('counter');
    s.flow.solved();
    expect(s.flow.screen).toEqual({ kind: 'outcome', outcome: { kind: 'resolved', causeId: 'phone' } });
  });

  it('a hand-off button leads to that hand-off of the cause on screen', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    s.flow.answer(answerOf(s.content, 'detail', 'd_two'));
    s.flow.handoff(1, 'hotline');
    expect(s.flow.screen).toEqual({ kind: 'outcome', outcome: { kind: 'handoff', handoff: 'hotline', causeId: 'outage', index: 1 } });
    expect(resolveScreen(s.flow.screen, s.content)).toMatchObject({ outcome: { handoff: { kind: 'hotline', detail: 'en:ask 95017' }, lead: null } });
  });

  it('back pops one screen at a time, down to the attract screen', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_more'));
    s.flow.answer(answerOf(s.content, 'detail', 'd_two'));
    s.flow.notSolved('counter');
    expect(s.flow.screen).toMatchObject({ kind: 'cause', index: 1 });

    s.flow.back();
    expect(s.flow.screen).toEqual({ kind: 'cause', causeIds: ['outage', 'net'], index: 0 });
    s.flow.back();
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: 'detail' });
    s.flow.back();
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: 'start' });
    s.flow.back();
    expect(s.flow.screen).toEqual({ kind: 'language' });
    s.flow.back();
    expect(s.flow.screen).toEqual({ kind: 'attract' });
    expect(s.flow.canGoBack).toBe(false);
    s.flow.back();
    expect(s.flow.screen).toEqual({ kind: 'attract' });
  });

  it('step done-flags toggle per cause and survive going back', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.toggleStep('net', 'net_s1');
    expect(s.flow.isStepDone('net', 'net_s1')).toBe(true);
    expect(s.flow.isStepDone('net', 'net_s2')).toBe(false);
    expect(s.flow.isStepDone('phone', 'net_s1')).toBe(false);
    s.flow.notSolved('counter');
    s.flow.back();
    expect(s.flow.isStepDone('net', 'net_s1')).toBe(true);
    s.flow.toggleStep('net', 'net_s1');
    expect(s.flow.isStepDone('net', 'net_s1')).toBe(false);
  });

  it('start over resets everything: screen, history, done steps and language', () => {
    const s = setup();
    s.flow.begin();
    s.flow.chooseLanguage('en', 'start');
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.toggleStep('net', 'net_s2');
    s.flow.solved();
    expect(s.locale.current).toBe('en');

    s.flow.startOver();
    expect(s.flow.screen).toEqual({ kind: 'attract' });
    expect(s.flow.history).toEqual([]);
    expect(s.flow.canGoBack).toBe(false);
    expect(s.flow.isStepDone('net', 'net_s2')).toBe(false);
    expect(s.flow.doneSteps).toEqual({});
    expect(s.locale.current).toBe('zh-Hans');
  });

  it('changing language keeps the place: same ids, same history, same done steps, new words', () => {
    const s = setup();
    toStart(s);
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.notSolved('counter');
    s.flow.toggleStep('phone', 'phone_s1');
    const screenBefore = snapshot(s.flow.screen);
    const historyBefore = [...s.flow.history];

    s.flow.switchLanguage('zh-Hant');
    expect(s.locale.current).toBe('zh-Hant');
    expect(s.flow.screen).toEqual(screenBefore);
    expect(s.flow.history).toEqual(historyBefore);
    expect(s.flow.isStepDone('phone', 'phone_s1')).toBe(true);
    expect(resolveScreen(s.flow.screen, fakeContent('zh-Hant'))).toMatchObject({
      kind: 'cause',
      cause: { id: 'phone', title: 'zh-Hant:title phone' },
      position: 2,
      total: 3,
    });

    // Back still walks the same path after the switch.
    s.flow.back();
    expect(s.flow.screen).toMatchObject({ kind: 'cause', index: 0 });
  });

  it('a kiosk failure shows the out-of-order screen with its code, and start over leaves it', () => {
    const s = setup();
    toStart(s);
    s.flow.fail('no_active_pack');
    expect(s.flow.screen).toEqual({ kind: 'out_of_order', code: 'no_active_pack' });
    expect(s.flow.canGoBack).toBe(false);
    s.flow.startOver();
    expect(s.flow.screen).toEqual({ kind: 'attract' });
  });

  it('ignores the second tap of a double tap, so "no" twice cannot skip a cause unseen', () => {
    let now = 1000;
    const s = setup({ now: () => now, settleMs: 350 });
    s.flow.begin();
    now += 500;
    s.flow.chooseLanguage('en', 'start');
    now += 500;
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    now += 500;
    s.flow.notSolved('counter');
    now += 80; // the second tap of a double tap
    s.flow.notSolved('counter');
    expect(s.flow.screen).toMatchObject({ kind: 'cause', index: 1 });
    now += 400;
    s.flow.notSolved('counter');
    expect(s.flow.screen).toMatchObject({ kind: 'cause', index: 2 });
  });

  it('actions that do not belong to the screen on show are ignored', () => {
    const s = setup();
    s.flow.answer(answerOf(s.content, 'start', 'a_direct'));
    s.flow.solved();
    s.flow.notSolved('counter');
    expect(s.flow.screen).toEqual({ kind: 'attract' });
    toStart(s);
    s.flow.solved();
    expect(s.flow.screen).toEqual({ kind: 'question', questionId: 'start' });
  });
});

/** A plain copy to compare against later. */
function snapshot<T>(value: T): T {
  return structuredClone(value);
}
