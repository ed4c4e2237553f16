/**
 * Issue 5: larger text, high contrast and read-aloud from every customer
 * screen, and "Take these steps with you" as a QR code. Run in both
 * orientations (the config's projects).
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium-args';
import { chromiumSwitches } from '../electron/chromium-switches';
import { test, expect } from './fixtures';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { AccessPanel, KioskPage, UI, unlockAsAdmin } from './kiosk-page';
import { E2E_ADMIN_PIN } from '../playwright.config';
import pack from '../db/content/card-binding.json';

const TO_COUNTER = [
  ['card_origin', 'mainland_card'],
  ['what_happens', 'phone_or_sms'],
  ['sms_problem', 'phone_mismatch_msg'],
] as const;
const CAUSE = 'reserved_phone_mismatch';

/** Anything wider than the screen: the page, a scroller, or an element sticking out (main clips sideways, so check boxes too). */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) problems.push(`page ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main, header, footer, dialog, dialog *, main *, header *'))) {
      if (el.closest('.sr-only')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0) continue;
      const name = `${el.tagName.toLowerCase()}.${Array.from(el.classList).filter((c) => !c.startsWith('svelte-')).join('.')}`;
      if (box.left < -1 || box.right > width + 1) problems.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
      const style = getComputedStyle(el);
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) problems.push(`${name} scrolls sideways`);
    }
    return problems;
  });
}

/** The kiosk opened in English, with the accessibility panel open and read-aloud just turned on. */
async function turnOnReadAloud(page: Page): Promise<{ kiosk: KioskPage; panel: AccessPanel }> {
  const kiosk = new KioskPage(page);
  await kiosk.open();
  await kiosk.start('en');
  const panel = new AccessPanel(kiosk);
  await panel.open();
  await panel.turnOn('a11y_read_aloud');
  return { kiosk, panel };
}

async function h1Size(page: Page): Promise<number> {
  return page.getByRole('main').getByRole('heading', { level: 1 }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
}

/** WCAG AAA text contrast (7:1, 4.5:1 for large text): axe's color-contrast-enhanced, under the wcag2aaa tag. */
async function expectAaaContrast(page: Page, screen: string): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
  const results = await new AxeBuilder({ page }).withTags(['wcag2aaa']).analyze();
  const failures = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`).join(' | ')}`);
  expect(failures, `axe wcag2aaa on ${screen}`).toEqual([]);
  expect(results.passes.some((r) => r.id === 'color-contrast-enhanced'), 'color-contrast-enhanced ran').toBe(true);
}

test.describe('accessibility settings', () => {
  test('larger text and high contrast: 1.5x type, AAA contrast, nothing sideways, on every kind of screen', async ({ page, foreignRequests, expectAccessible }, testInfo) => {
    void foreignRequests;
    const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}-${testInfo.project.name}.png`), animations: 'disabled' });
    // The idle warning is checked in these themes too: its clock is fast-forwarded.
    await page.clock.install();
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('en');
    const normal = await h1Size(page);

    const panel = new AccessPanel(kiosk);
    await panel.open();
    await expectAccessible(page, 'accessibility panel');
    await panel.turnOn('a11y_large_text');
    await panel.turnOn('a11y_high_contrast');
    await expect(page.locator('html')).toHaveClass(/large-text/);
    await expect(page.locator('html')).toHaveClass(/high-contrast/);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAaaContrast(page, 'accessibility panel');
    await shot('a11y-panel');
    await panel.close();

    expect(await h1Size(page)).toBeGreaterThanOrEqual(normal * 1.5 - 0.5);
    await kiosk.expectQuestion('card_origin');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page, 'question, large text, high contrast');
    await expectAaaContrast(page, 'question');
    await shot('large-contrast-question');

    await kiosk.walk(TO_COUNTER);
    await kiosk.expectCause(CAUSE);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page, 'cause, large text, high contrast');
    await expectAaaContrast(page, 'cause');
    await shot('large-contrast-cause');

    await kiosk.button(kiosk.t('handoff_counter')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page, 'outcome, large text, high contrast');
    await expectAaaContrast(page, 'outcome');
    await shot('large-contrast-outcome');

    // The QR panel and the idle warning, in the same themes.
    await kiosk.button(kiosk.t('take_away')).click();
    const takeAway = page.getByRole('dialog', { name: kiosk.t('take_away_title') });
    await expect(takeAway.getByRole('img', { name: kiosk.t('take_away_image') })).toBeVisible();
    expect((await takeAway.getByRole('img').boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(360);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAaaContrast(page, 'take-away code');
    await shot('large-contrast-qr');
    await takeAway.getByRole('button', { name: kiosk.t('close') }).click();
    // Twice the usual 90 s with a feature on.
    await page.clock.runFor(2 * 90_000);
    const stillThere = page.getByRole('alertdialog', { name: kiosk.t('idle_title') });
    await expect(stillThere).toBeVisible();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page, 'still there, large text, high contrast');
    await expectAaaContrast(page, 'still there');
    await shot('large-contrast-still-there');
    await stillThere.getByRole('button', { name: kiosk.t('idle_stay') }).click();
    await expect(stillThere).toBeHidden();

    // The longest words of the three languages: Traditional Chinese and back to English still fit.
    await kiosk.switchLanguage('zh-Hant');
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
    expect(await sidewaysOverflow(page)).toEqual([]);

    // Only larger text (normal colours) fits too, and passes the usual AA checks.
    await panel.open();
    await panel.toggle('a11y_high_contrast').click();
    await panel.close();
    await kiosk.switchLanguage('en');
    await kiosk.tapTopBar('back');
    await kiosk.expectCause(CAUSE);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page, 'cause, large text');
    await shot('large-cause');

    // Start over hands the kiosk over with everything off.
    await kiosk.tapTopBar('start_over');
    await expect(page.locator('html')).not.toHaveClass(/large-text|high-contrast/);
  });

  test('read-aloud on a machine without a speech engine says clearly that the kiosk has no voice', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const { kiosk, panel } = await turnOnReadAloud(page);
    // The tests' browser runs without speech-dispatcher (the kiosk's Linux switch): no voices at all.
    expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    await expect(panel.dialog.getByText(kiosk.t('a11y_no_voice', { language: 'English' }))).toBeVisible();
    await expect(panel.toggle('a11y_read_aloud')).toHaveAttribute('aria-describedby', /.+/);
    await panel.close();
    await kiosk.expectQuestion('card_origin');
  });

  test('read-aloud with the speech engine of a Linux kiosk (espeak-ng through speech-dispatcher) reads each language with a voice for its script', async ({ baseURL }, testInfo) => {
    const engine = ['/usr/bin/speech-dispatcher', '/usr/bin/espeak-ng', '/usr/lib/speech-dispatcher-modules/sd_espeak-ng'];
    expect(engine.filter((file) => !existsSync(file)), 'npm test needs speech-dispatcher with espeak-ng: apt-get install speech-dispatcher speech-dispatcher-espeak-ng espeak-ng').toEqual([]);
    // A browser started with the kiosk's own switches (enable-speech-dispatcher on Linux), as the shell starts Electron.
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...chromiumSwitches('linux').map((name) => `--${name}`)],
    });
    try {
      const context = await browser.newContext({ baseURL: baseURL!, viewport: testInfo.project.use.viewport!, hasTouch: true });
      const foreign: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || new URL(url).origin === new URL(baseURL!).origin) return route.continue();
        foreign.push(url);
        return route.abort('blockedbyclient');
      });
      // Records the voice of every line the kiosk asks to be read, and plays none: the test machine has no speakers.
      await context.addInitScript(() => {
        const heard: { lang: string; name: string }[] = [];
        speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => void heard.push({ lang: utterance.voice?.lang ?? '', name: utterance.voice?.name ?? '' });
        Object.assign(window, { __heard: heard });
      });
      const page = await context.newPage();
      const heard = () => page.evaluate(() => (window as unknown as { __heard: { lang: string; name: string }[] }).__heard);
      const { kiosk, panel } = await turnOnReadAloud(page);
      // speech-dispatcher lists espeak-ng's thousands of voices a few seconds after the app asks.
      await expect(panel.dialog.getByText(kiosk.t('a11y_no_voice', { language: 'English' }))).toHaveCount(0, { timeout: 30_000 });
      await panel.close();
      await expect.poll(async () => (await heard()).at(-1)?.lang, { timeout: 30_000 }).toBe('en-GB');

      await kiosk.switchLanguage('zh-Hans');
      // Mandarin that reads characters, never espeak-ng's pinyin voice (cmn-LATN-PINYIN).
      await expect.poll(async () => (await heard()).at(-1)?.lang).toBe('cmn');
      await kiosk.switchLanguage('zh-Hant');
      // No Taiwanese Mandarin voice in espeak-ng: Cantonese reads Traditional text.
      await expect.poll(async () => (await heard()).at(-1)?.lang).toBe('yue');
      await panel.open();
      await expect(panel.dialog.getByText(kiosk.t('a11y_no_voice', { language: '繁體中文' }))).toHaveCount(0);
      await panel.close();

      // The installer self-test names the voice each language gets.
      const admin = new KioskPage(page);
      await unlockAsAdmin(admin, E2E_ADMIN_PIN);
      await page.getByRole('button', { name: new RegExp(admin.t('tile_selftest')) }).click();
      const voices = page.getByTestId('selftest-voice');
      await expect(voices.and(page.locator('[data-ok="true"]'))).toHaveCount(3, { timeout: 30_000 });
      expect(await voices.evaluateAll((items) => items.map((li) => li.querySelector('.detail')?.textContent?.trim()))).toEqual([
        'Chinese (Mandarin, latin as English) espeak-ng',
        'Chinese (Cantonese) espeak-ng',
        'English (Great Britain) espeak-ng',
      ]);
      expect(foreign, 'requests that left the kiosk').toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('read-aloud speaks each screen in its language, and stops at hand-over', async ({ page, foreignRequests }) => {
    void foreignRequests;
    // A speech engine with one local English voice and one network Chinese voice, recording what it is asked to say.
    await page.addInitScript(() => {
      const said: { text: string; lang: string }[] = [];
      let cancels = 0;
      const voices = [
        { name: 'Local English', lang: 'en-GB', localService: true, default: true, voiceURI: 'en' },
        { name: 'Network Chinese', lang: 'zh-CN', localService: false, default: false, voiceURI: 'zh' },
      ];
      class FakeUtterance {
        voice: unknown = null;
        lang = '';
        rate = 1;
        constructor(readonly text: string) {}
      }
      const synth = Object.assign(new EventTarget(), {
        getVoices: () => voices,
        speak: (u: FakeUtterance) => void said.push({ text: u.text, lang: u.lang }),
        cancel: () => void cancels++,
      });
      Object.defineProperty(window, 'speechSynthesis', { value: synth });
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance });
      Object.assign(window, { __speech: { said, cancels: () => cancels } });
    });
    const said = () => page.evaluate(() => (window as unknown as { __speech: { said: { text: string; lang: string }[] } }).__speech.said);

    const { kiosk, panel } = await turnOnReadAloud(page);
    await expect(panel.dialog.getByText(kiosk.t('a11y_no_voice', { language: 'English' }))).toHaveCount(0);
    await panel.close();
    const question = (pack.questions.find((q) => q.id === 'card_origin')!.prompt as Record<string, string>).en;
    await expect.poll(async () => (await said()).map((s) => s.text)).toContain(question);
    expect((await said()).every((s) => s.lang === 'en-GB')).toBe(true);

    await kiosk.answer('card_origin', 'mainland_card');
    await kiosk.expectQuestion('what_happens');
    const next = (pack.questions.find((q) => q.id === 'what_happens')!.prompt as Record<string, string>).en;
    await expect.poll(async () => (await said()).map((s) => s.text)).toContain(next);

    // Only a network voice for Chinese: it is not used (the text would leave the kiosk), and the panel says so.
    await kiosk.switchLanguage('zh-Hans');
    await panel.open();
    await expect(panel.dialog.getByText(kiosk.t('a11y_no_voice', { language: '简体中文' }))).toBeVisible();
    await panel.close();
    expect((await said()).some((s) => s.lang !== 'en-GB')).toBe(false);

    await kiosk.tapTopBar('start_over');
    const cancels = await page.evaluate(() => (window as unknown as { __speech: { cancels: () => number } }).__speech.cancels());
    expect(cancels).toBeGreaterThan(0);
  });
});

test.describe('take these steps with you', () => {
  async function expectCode(page: Page, kiosk: KioskPage, expected: string, shotName: string, shotPath: string) {
    const dialog = page.getByRole('dialog', { name: kiosk.t('take_away_title') });
    await expect(dialog).toBeVisible();
    const image = dialog.getByRole('img', { name: kiosk.t('take_away_image') });
    await expect(image).toBeVisible();
    // Big enough to scan from arm's length.
    const box = await image.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(360);
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(360);
    // The text beside the code is exactly what the customer expects to carry away.
    expect(await dialog.getByTestId('take-away-text').textContent()).toBe(expected);
    // Decoded back from the pixels on screen, as a phone would read it.
    const png = PNG.sync.read(await image.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded, 'a QR decoder reads the code on screen').not.toBeNull();
    expect(Buffer.from(decoded!.binaryData).toString('utf8')).toBe(expected);
    // And the image itself carries no link (the decoded text above is the whole payload).
    const src = (await image.getAttribute('src')) ?? '';
    expect(src.startsWith('data:image/svg+xml')).toBe(true);
    const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1));
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    await page.screenshot({ path: shotPath, animations: 'disabled' });
    void shotName;
    await dialog.getByRole('button', { name: kiosk.t('close') }).click();
    await expect(dialog).toBeHidden();
  }

  test('a cause and its outcome as plain text in a QR code, in the current language', async ({ page, foreignRequests, expectAccessible }, testInfo) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('zh-Hans');
    await kiosk.walk(TO_COUNTER);
    await kiosk.expectCause(CAUSE);
    const causeLines = [kiosk.causeTitle(CAUSE), ...kiosk.stepTitles(CAUSE).map((title, i) => `${i + 1}. ${title}`)];

    await kiosk.button(kiosk.t('take_away')).click();
    await expectAccessible(page, 'take-away code');
    await expectCode(page, kiosk, causeLines.join('\n'), 'cause', testInfo.outputPath(`qr-cause-${testInfo.project.name}.png`));

    await kiosk.switchLanguage('en');
    await kiosk.expectCause(CAUSE);
    await kiosk.button(kiosk.t('handoff_counter')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
    await kiosk.settle();
    const enCause = [kiosk.causeTitle(CAUSE), ...kiosk.stepTitles(CAUSE).map((title, i) => `${i + 1}. ${title}`)];
    const bring = pack.causes.find((c) => c.id === CAUSE)!.handoffs.find((h) => h.kind === 'counter')!.bring as string[];
    const bringText = bring.map((d) => kiosk.t(`bring_${d}` as 'bring_id_card')).join(kiosk.t('list_separator'));
    const expected = [...enCause, '', kiosk.t('outcome_counter_title'), kiosk.t('take_away_bring', { items: bringText })].join('\n');
    await kiosk.button(kiosk.t('take_away')).click();
    await expectCode(page, kiosk, expected, 'outcome', testInfo.outputPath(`qr-outcome-${testInfo.project.name}.png`));
    // The safety line stays on every customer screen.
    await expect(page.getByRole('contentinfo')).toContainText(UI.en.safety_line);
  });
});
