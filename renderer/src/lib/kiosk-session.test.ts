import { describe, expect, it } from 'vitest';
import type { ApiResult, ContentView, KioskApi, Locale } from '../../../electron/api';
import { LocaleManager } from '../i18n/locale.svelte';
import { createKioskClient } from './kiosk';
import { KioskSession } from './kiosk-session.svelte';
import { fakeKiosk as fullFake } from './test/fake-kiosk';

/** Smallest pack that renders: one question, one cause. Texts carry the locale. */
function fakeContent(locale: Locale): ContentView {
  return {
    packId: 'fake',
    packVersion: '1.0.0',
    locale,
    title: `${locale}:pack`,
    startQuestion: 'start',
    questions: {
      start: {
        id: 'start',
        prompt: `${locale}:start?`,
        hint: null,
        answers: [
          { id: 'a', label: `${locale}:a`, next: { causes: ['only'] } },
          { id: 'b', label: `${locale}:b`, next: { causes: ['only'] } },
        ],
      },
    },
    causes: {
      only: {
        id: 'only',
        category: 'phone_and_app',
        fixer: 'customer',
        title: `${locale}:only`,
        summary: `${locale}:summary`,
        steps: [{ id: 's1', title: `${locale}:s1`, body: `${locale}:b1`, illustration: null }],
        handoffs: [],
        staffNote: `${locale}:note`,
      },
    },
    fallback: { title: `${locale}:fallback`, handoff: { kind: 'counter', detail: `${locale}:detail`, bring: ['id_card'] } },
  };
}

/** A fresh fake `window.kiosk` per test; `failFor` makes getContent answer ok:false for those locales. */
function fakeKiosk(options: { failFor?: Locale[]; throws?: boolean } = {}) {
  const calls: Locale[] = [];
  const { api } = fullFake(fakeContent, {
    getContent: async ({ locale }): Promise<ApiResult<ContentView>> => {
      calls.push(locale);
      if (options.throws) throw new Error('bridge gone');
      if (options.failFor?.includes(locale)) return { ok: false, error: { code: 'no_active_pack', message: 'none', details: [] } };
      return { ok: true, value: fakeContent(locale) };
    },
  });
  return { api, calls };
}

function setup(api: KioskApi | null) {
  return new KioskSession(createKioskClient(api), new LocaleManager(null), { settleMs: 0 });
}

describe('KioskSession', () => {
  it('choosing a language loads its content and shows the start question in it', async () => {
    const { api, calls } = fakeKiosk();
    const s = setup(api);
    s.flow.begin();
    await s.chooseLanguage('zh-Hant');
    expect(calls).toEqual(['zh-Hant']);
    expect(s.locale.current).toBe('zh-Hant');
    expect(s.resolved).toMatchObject({ kind: 'question', question: { id: 'start', prompt: 'zh-Hant:start?' } });
  });

  it('switching language keeps the place, loads each locale once, and re-renders in it', async () => {
    const { api, calls } = fakeKiosk();
    const s = setup(api);
    s.flow.begin();
    await s.chooseLanguage('en');
    s.flow.answer(s.content.get('en')!.questions.start!.answers[0]!);
    s.flow.toggleStep('only', 's1');
    await s.switchLanguage('zh-Hans');
    expect(s.resolved).toMatchObject({ kind: 'cause', cause: { id: 'only', title: 'zh-Hans:only' } });
    expect(s.flow.isStepDone('only', 's1')).toBe(true);
    await s.switchLanguage('en');
    expect(s.resolved).toMatchObject({ kind: 'cause', cause: { title: 'en:only' } });
    expect(calls).toEqual(['en', 'zh-Hans']);
  });

  it('an ok:false from the kiosk ends on the out-of-order screen with its code, in the language asked for', async () => {
    const { api } = fakeKiosk({ failFor: ['en'] });
    const s = setup(api);
    s.flow.begin();
    await s.chooseLanguage('en');
    expect(s.resolved).toEqual({ kind: 'out_of_order', code: 'no_active_pack' });
    expect(s.locale.current).toBe('en');
  });

  it('a failing language switch mid-flow also ends on the out-of-order screen', async () => {
    const { api } = fakeKiosk({ failFor: ['zh-Hant'] });
    const s = setup(api);
    s.flow.begin();
    await s.chooseLanguage('en');
    await s.switchLanguage('zh-Hant');
    expect(s.resolved).toEqual({ kind: 'out_of_order', code: 'no_active_pack' });
    expect(s.flow.canGoBack).toBe(false);
  });

  it('a call that throws, or no bridge at all, is an error too, never an exception', async () => {
    const thrown = setup(fakeKiosk({ throws: true }).api);
    thrown.flow.begin();
    await thrown.chooseLanguage('en');
    expect(thrown.resolved).toEqual({ kind: 'out_of_order', code: 'call_failed' });

    const missing = setup(null);
    missing.flow.begin();
    await missing.chooseLanguage('en');
    expect(missing.resolved).toEqual({ kind: 'out_of_order', code: 'bridge_missing' });
  });

  it('start over resets the place and drops cached content, so the next customer gets the current pack', async () => {
    const { api, calls } = fakeKiosk();
    const s = setup(api);
    s.flow.begin();
    await s.chooseLanguage('en');
    s.startOver();
    expect(s.resolved).toEqual({ kind: 'attract' });
    expect(s.locale.current).toBe('zh-Hans');
    expect(s.content.get('en')).toBeUndefined();
    s.flow.begin();
    await s.chooseLanguage('en');
    expect(calls).toEqual(['en', 'en']);
  });

  it('backing out to the attract screen leaves nothing of the customer for the next one', async () => {
    const kiosk = fullFake(fakeContent);
    const s = setup(kiosk.api);
    s.flow.begin();
    await s.chooseLanguage('en');
    s.flow.answer(s.content.get('en')!.questions.start!.answers[0]!);
    s.flow.toggleStep('only', 's1');
    s.access.set('large_text', true);
    await s.switchLanguage('zh-Hant');
    s.back();
    s.back();
    expect(s.resolved).toEqual({ kind: 'language' });
    expect(s.flow.isStepDone('only', 's1')).toBe(true);
    s.back();
    expect(s.resolved).toEqual({ kind: 'attract' });
    expect(s.flow.isStepDone('only', 's1')).toBe(false);
    expect(s.locale.current).toBe('zh-Hans');
    expect(s.access.anyOn).toBe(false);
    expect(s.content.get('zh-Hant')).toBeUndefined();
    await s.log.settled();
    expect(kiosk.callsTo('endSession').map((c) => c.arg.outcome)).toEqual(['abandoned']);
  });

  it('a screen naming an id the content lacks resolves to "missing", not to a blank screen', async () => {
    const { api } = fakeKiosk();
    const s = setup(api);
    s.flow.begin();
    await s.chooseLanguage('en');
    s.flow.answer({ id: 'x', label: 'x', next: { question: 'gone' } });
    expect(s.resolved).toEqual({ kind: 'missing', what: 'question gone' });
  });
});
