import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../electron/api';
import { LocaleManager } from '../i18n/locale.svelte';
import { AccessSettings, type AccessFeature, type ClassRoot } from './accessibility.svelte';
import { KioskSession } from './kiosk-session.svelte';
import { headingText, pickVoice, ReadAloud, readableLines, screenLines, type SpeechPort, type Voice } from './read-aloud.svelte';
import { answerOf, fakeContent } from './test/fake-content';
import { fakeKiosk } from './test/fake-kiosk';
import { fakeTimers } from './test/fake-timers';

function fakeRoot(): ClassRoot & { classes: Set<string> } {
  const classes = new Set<string>();
  return {
    classes,
    classList: {
      toggle(token: string, force?: boolean) {
        const on = force ?? !classes.has(token);
        if (on) classes.add(token);
        else classes.delete(token);
        return on;
      },
    },
  };
}

const voice = (lang: string, extra: Partial<Voice> = {}): Voice => ({ name: `v-${lang}`, lang, localService: true, default: false, ...extra });

function fakeSpeech(voices: Voice[] = []) {
  const spoken: { text: string; lang: string }[] = [];
  let cancels = 0;
  let changed: (() => void) | null = null;
  const list = [...voices];
  const port: SpeechPort = {
    voices: () => list,
    speak: (text, v) => spoken.push({ text, lang: v.lang }),
    cancel: () => void cancels++,
    onVoicesChanged: (fn) => {
      changed = fn;
      return () => (changed = null);
    },
  };
  return {
    port,
    spoken,
    cancels: () => cancels,
    /** Voices arriving late, as in Chromium. */
    load(more: Voice[]) {
      list.push(...more);
      changed?.();
    },
  };
}

describe('accessibility settings (issue 5)', () => {
  it('starts all off and sets the root classes for large text and high contrast', () => {
    const root = fakeRoot();
    const changes: [AccessFeature, boolean][] = [];
    const access = new AccessSettings({ root, onChange: (f, on) => changes.push([f, on]) });
    expect(access.anyOn).toBe(false);
    expect([...root.classes]).toEqual([]);
    access.toggle('large_text');
    access.toggle('high_contrast');
    expect([...root.classes].sort()).toEqual(['high-contrast', 'large-text']);
    access.toggle('read_aloud');
    expect(access.anyOn).toBe(true);
    access.set('read_aloud', true); // no change, no event
    access.toggle('large_text');
    expect(root.classes.has('large-text')).toBe(false);
    expect(changes).toEqual([
      ['large_text', true],
      ['high_contrast', true],
      ['read_aloud', true],
      ['large_text', false],
    ]);
  });

  it('resets silently: everything off, classes gone, no events', () => {
    const root = fakeRoot();
    let events = 0;
    const access = new AccessSettings({ root, onChange: () => events++ });
    access.toggle('large_text');
    access.toggle('high_contrast');
    access.toggle('read_aloud');
    events = 0;
    access.reset();
    expect(access.on).toEqual({ large_text: false, high_contrast: false, read_aloud: false });
    expect(access.anyOn).toBe(false);
    expect([...root.classes]).toEqual([]);
    expect(events).toBe(0);
  });
});

describe('read-aloud', () => {
  it('picks a local voice for each locale, never a network one', () => {
    const voices = [
      voice('en-US', { localService: false, name: 'network' }),
      voice('en_GB'),
      voice('zh-CN'),
      voice('zh-HK'),
      voice('zh-TW', { localService: false }),
      voice('cmn-Hans-CN', { default: true }),
    ];
    expect(pickVoice(voices, 'en')?.lang).toBe('en_GB');
    expect(pickVoice(voices, 'zh-Hans')?.lang).toBe('zh-CN');
    // Taiwan's voice is a network one: Hong Kong's local voice reads Traditional instead.
    expect(pickVoice(voices, 'zh-Hant')?.lang).toBe('zh-HK');
    expect(pickVoice([voice('en-US', { localService: false })], 'en')).toBeNull();
    expect(pickVoice([voice('en-US')], 'zh-Hans')).toBeNull();
    expect(pickVoice([voice('zh')], 'zh-Hans')?.lang).toBe('zh');
    expect(pickVoice([voice('zh')], 'zh-Hant')).toBeNull();
  });

  it("picks from a Linux kiosk's espeak-ng voices (as Chromium lists them through speech-dispatcher) one that reads characters, not pinyin", () => {
    // Names and tags as Chromium 156 lists Debian 12's espeak-ng (13,362 voices: each language with its variants);
    // the pinyin voice comes first here, so the order cannot decide.
    const espeak = [
      voice('yue', { name: 'Chinese (Cantonese) espeak-ng' }),
      voice('cmn-LATN-PINYIN', { name: 'Chinese (Mandarin, latin as Pinyin) espeak-ng' }),
      voice('cmn', { name: 'Chinese (Mandarin, latin as English) espeak-ng' }),
      voice('en-US', { name: 'English (America) espeak-ng' }),
      voice('en-029', { name: 'English (Caribbean) espeak-ng' }),
      voice('en-GB', { name: 'English (Great Britain) espeak-ng' }),
      voice('en-GB-X-RP', { name: 'English (Received Pronunciation) espeak-ng' }),
    ];
    expect(pickVoice(espeak, 'zh-Hans')?.name).toBe('Chinese (Mandarin, latin as English) espeak-ng');
    expect(pickVoice(espeak, 'en')?.name).toBe('English (Great Britain) espeak-ng');
    // No Taiwanese Mandarin voice: Cantonese reads Traditional text.
    expect(pickVoice(espeak, 'zh-Hant')?.name).toBe('Chinese (Cantonese) espeak-ng');
    expect(pickVoice([voice('cmn-LATN-PINYIN')], 'zh-Hans')).toBeNull();
  });

  it('says when there is no voice for the language, or no speech at all, instead of failing', () => {
    const speech = fakeSpeech([voice('zh-CN')]);
    const aloud = new ReadAloud(speech.port);
    expect(aloud.status('zh-Hans').kind).toBe('ready');
    expect(aloud.status('en')).toEqual({ kind: 'no_voice', locale: 'en' });
    expect(aloud.read(['Hello'], 'en')).toBe(false);
    expect(speech.spoken).toEqual([]);
    expect(new ReadAloud(null).status('en')).toEqual({ kind: 'unsupported' });
    expect(new ReadAloud(null).read(['x'], 'en')).toBe(false);
  });

  it('picks up voices that load late', () => {
    const speech = fakeSpeech();
    const aloud = new ReadAloud(speech.port);
    expect(aloud.status('en').kind).toBe('no_voice');
    speech.load([voice('en-US')]);
    expect(aloud.status('en').kind).toBe('ready');
  });

  it('reads line by line in the voice of the language, replacing what was being read', () => {
    const speech = fakeSpeech([voice('en-US'), voice('zh-TW')]);
    const aloud = new ReadAloud(speech.port);
    expect(aloud.read(['Title', '  ', 'Step 1'], 'en')).toBe(true);
    expect(aloud.read(['標題'], 'zh-Hant')).toBe(true);
    expect(speech.spoken).toEqual([
      { text: 'Title', lang: 'en-US' },
      { text: 'Step 1', lang: 'en-US' },
      { text: '標題', lang: 'zh-TW' },
    ]);
    expect(speech.cancels()).toBe(2);
    aloud.stop();
    expect(speech.cancels()).toBe(3);
  });

  it('splits screen text into lines and reads each element once', () => {
    expect(screenLines('  A  title \n\n  body\ttext \n')).toEqual(['A title', 'body text']);
    const el = (text: string, children: unknown[] = []) => ({ innerText: text, contains: (o: unknown) => children.includes(o) });
    const label = el('Yes');
    const p = el('Question?');
    const button = el('Yes', [label]);
    const root = { querySelectorAll: () => [p, button, label] } as unknown as ParentNode;
    expect(readableLines(root)).toEqual(['Question?', 'Yes']);
  });

  it('announces a heading from its DOM text (no layout): lines of a multi-language heading apart, spaces tidied', () => {
    const text = (t: string) => ({ textContent: t });
    expect(headingText({ textContent: '  您要绑定的是\n  哪种银行卡？ ', childElementCount: 0, childNodes: [text('  您要绑定的是\n  哪种银行卡？ ')] })).toBe('您要绑定的是 哪种银行卡？');
    const lines = [text('选择语言'), text('選擇語言'), text('Choose your language')];
    expect(headingText({ textContent: lines.map((l) => l.textContent).join(''), childElementCount: 3, childNodes: lines })).toBe('选择语言 選擇語言 Choose your language');
  });
});

describe('accessibility in a kiosk session', () => {
  function setup() {
    const fake = fakeKiosk(fakeContent);
    const timers = fakeTimers();
    const root = fakeRoot();
    const speech = fakeSpeech([voice('en-GB')]);
    const session = new KioskSession(fake.client, new LocaleManager(null), { settleMs: 0, timers, root, speech: speech.port });
    return { fake, timers, root, speech, session, flow: session.flow };
  }

  const events = (calls: ReturnType<typeof fakeKiosk>['calls']): SessionEvent[] =>
    calls.flatMap((c) => (c.method === 'logEvent' ? [c.arg.event] : []));

  it('logs each toggle as accessibility_changed in the open session, and nothing personal', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    s.session.access.toggle('large_text');
    s.session.access.toggle('read_aloud');
    s.session.access.toggle('large_text');
    await s.session.log.settled();
    expect(events(s.fake.calls).filter((e) => e.type === 'accessibility_changed')).toEqual([
      { type: 'accessibility_changed', feature: 'large_text', on: true },
      { type: 'accessibility_changed', feature: 'read_aloud', on: true },
      { type: 'accessibility_changed', feature: 'large_text', on: false },
    ]);
  });

  it('doubles the idle wait while any feature is on', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    expect(s.session.idle.idleSeconds).toBe(90);
    s.session.access.toggle('high_contrast');
    expect(s.session.idle.idleSeconds).toBe(180);
    s.timers.advance(179_000);
    expect(s.session.idle.phase).toBe('watching');
    s.session.access.toggle('high_contrast');
    expect(s.session.idle.idleSeconds).toBe(90);
  });

  it('resets everything at hand-over, and stops reading aloud', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    for (const f of ['large_text', 'high_contrast', 'read_aloud'] as const) s.session.access.toggle(f);
    const cancelsBefore = s.speech.cancels();
    s.session.startOver();
    expect(s.session.access.anyOn).toBe(false);
    expect([...s.root.classes]).toEqual([]);
    expect(s.session.idle.idleSeconds).toBe(90);
    expect(s.speech.cancels()).toBeGreaterThan(cancelsBefore);
  });

  it('turning read-aloud off stops the voice at once', async () => {
    const s = setup();
    s.flow.begin();
    await s.session.chooseLanguage('en');
    s.flow.answer(answerOf(fakeContent('en'), 'start', 'a_direct'));
    s.session.access.toggle('read_aloud');
    const before = s.speech.cancels();
    s.session.access.toggle('read_aloud');
    expect(s.speech.cancels()).toBe(before + 1);
  });
});
