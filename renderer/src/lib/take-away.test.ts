import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { ContentView, Locale } from '../../../electron/api';
import pack from '../../../db/content/card-binding.json';
import { DICTIONARIES, format } from '../i18n/locale.svelte';
import type { Screen } from './flow.svelte';
import { QR_OPTIONS, qrSvg } from './qr';
import { TAKE_AWAY_MAX_BYTES, takeAwayLines, takeAwayText, type Translate } from './take-away';
import { fakeContent } from './test/fake-content';

const t =
  (locale: Locale): Translate =>
  (key, params) =>
    format(DICTIONARIES[locale][key], params);

describe('take the steps with you (issue 5)', () => {
  const view = fakeContent('en');

  it('carries the cause title and numbered step titles, no bodies', () => {
    const lines = takeAwayLines({ kind: 'cause', causeIds: ['phone', 'net'], index: 1 }, view, t('en'));
    expect(lines).toEqual(['en:title net', '1. en:s1', '2. en:s2']);
    expect(lines?.join('\n')).not.toContain('en:b1');
  });

  it('adds where to go and what to bring on an outcome screen', () => {
    const counter: Screen = { kind: 'outcome', outcome: { kind: 'handoff', handoff: 'counter', causeId: 'phone', index: 0 } };
    expect(takeAwayLines(counter, view, t('en'))).toEqual([
      'en:title phone',
      '1. en:s1',
      '2. en:s2',
      '',
      'Please go to the counter',
      'Please bring: ID card, passport or travel permit, This bank card',
    ]);
    const hotline: Screen = { kind: 'outcome', outcome: { kind: 'handoff', handoff: 'hotline', causeId: 'outage', index: 1 } };
    expect(takeAwayLines(hotline, fakeContent('zh-Hans'), t('zh-Hans'))?.slice(-2)).toEqual([
      DICTIONARIES['zh-Hans'].outcome_hotline_title,
      DICTIONARIES['zh-Hans'].outcome_hotline_path,
    ]);
    const fallback: Screen = { kind: 'outcome', outcome: { kind: 'handoff', handoff: 'counter', causeId: null } };
    expect(takeAwayLines(fallback, view, t('en'))).toEqual(['en:We could not find it', 'Please bring: ID card, passport or travel permit']);
    const resolved: Screen = { kind: 'outcome', outcome: { kind: 'resolved', causeId: 'net' } };
    expect(takeAwayLines(resolved, view, t('en'))?.[0]).toBe('en:title net');
  });

  it('has nothing to take away on other screens', () => {
    expect(takeAwayLines({ kind: 'question', questionId: 'start' }, view, t('en'))).toBeNull();
    expect(takeAwayLines({ kind: 'attract' }, view, t('en'))).toBeNull();
    expect(takeAwayLines({ kind: 'cause', causeIds: ['gone'], index: 0 }, view, t('en'))).toBeNull();
  });

  it('drops step lines from the end when the text is too long, keeping title and where to go', () => {
    const lines = ['Title', '1. aaaaaaaaaa', '2. bbbbbbbbbb', '3. cccccccccc', '', 'Go to the counter'];
    expect(takeAwayText(lines, 1000)).toBe(lines.join('\n'));
    const cut = takeAwayText(lines, 50);
    expect(cut).toBe('Title\n1. aaaaaaaaaa\n…\n\nGo to the counter');
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(50);
    expect(new TextEncoder().encode(takeAwayText(['x'.repeat(500)], 40)).length).toBeLessThanOrEqual(40);
  });

  it('keeps every code of the bundled pack small enough to scan from arm\'s length (at most version 15, error correction M)', () => {
    type L = Record<Locale, string>;
    let largest = 0;
    for (const locale of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      const real = {
        causes: Object.fromEntries(
          pack.causes.map((c) => [
            c.id,
            {
              id: c.id,
              title: (c.title as L)[locale],
              steps: c.steps.map((s) => ({ id: s.id, title: (s.title as L)[locale] })),
              handoffs: c.handoffs.map((h) => ({ kind: h.kind, detail: (h.detail as L)[locale], bring: 'bring' in h ? h.bring : [] })),
            },
          ]),
        ),
        fallback: { title: (pack.fallback.title as L)[locale], handoff: { ...pack.fallback.handoff, detail: '' } },
      } as unknown as ContentView;
      const screens: Screen[] = [
        { kind: 'outcome', outcome: { kind: 'handoff', handoff: 'counter', causeId: null } },
        ...pack.causes.flatMap((c): Screen[] => [
          { kind: 'cause', causeIds: [c.id], index: 0 },
          { kind: 'outcome', outcome: { kind: 'resolved', causeId: c.id } },
          ...c.handoffs.map((h, index): Screen => ({ kind: 'outcome', outcome: { kind: 'handoff', handoff: h.kind as 'counter', causeId: c.id, index } })),
        ]),
      ];
      for (const screen of screens) {
        const lines = takeAwayLines(screen, real, t(locale));
        expect(lines, JSON.stringify(screen)).not.toBeNull();
        const text = takeAwayText(lines ?? []);
        expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(TAKE_AWAY_MAX_BYTES);
        // The pack's titles fit whole: nothing is cut today.
        expect(text).toBe((lines ?? []).join('\n'));
        largest = Math.max(largest, QRCode.create(text, QR_OPTIONS).version);
      }
    }
    expect(largest).toBeLessThanOrEqual(15);
  });

  it('makes an SVG code offline, with error correction M', async () => {
    const svg = await qrSvg('Title\n1. Step');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(QRCode.create('Title\n1. Step', QR_OPTIONS).errorCorrectionLevel.bit).toBe(0); // M
  });
});
