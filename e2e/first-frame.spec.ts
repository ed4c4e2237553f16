/**
 * The attract screen comes prerendered in index.html (build/first-frame.ts):
 * it is on screen before the app's script has run, the app then takes over
 * the same DOM, and a tap in between is not lost (renderer/src/lib/early-taps.ts).
 * The app (its chunk and its stylesheets) is held back here until the test
 * lets it through.
 */
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { attractGradientCss } from '../build/attract-gradient-design';
import { test, expect } from './fixtures';
import { LANGUAGE_NAMES, UI, attractButton, fontFacesOf } from './kiosk-page';

/** Holds the requests matching `url` until `release()`. */
async function hold(page: Page, url: string | RegExp): Promise<{ release: () => void; requested: Promise<void> }> {
  let release!: () => void;
  let requestedNow!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const requested = new Promise<void>((r) => (requestedNow = r));
  await page.route(url, async (route) => {
    requestedNow();
    await released;
    await route.fallback();
  });
  return { release, requested };
}

/**
 * Holds the app (renderer/src/start-app.ts) until `release()`: its chunk and its stylesheets, which
 * Vite requests first and waits for before it runs the chunk.
 */
const holdTheApp = (page: Page) => hold(page, /\/assets\/(start-app|Icon)-[\w-]+\.(js|css)$/);

/**
 * Opens the kiosk without waiting for the load event: the app's chunk is requested after the first
 * paint, which can come before that event, and a held request then holds the event too.
 */
const openHeld = (page: Page) => page.goto('/', { waitUntil: 'domcontentloaded' });

/**
 * How every element of the attract screen is laid out and drawn: its box (offsets, which a running
 * animation's transform does not move) and the computed styles a missing rule would change.
 */
function attractScreenLook(): Record<string, string> {
  const PROPS = ['display', 'position', 'color', 'background-color', 'background-image', 'font-family', 'font-size', 'font-weight', 'line-height', 'padding', 'margin', 'gap', 'border-radius', 'box-shadow', 'opacity', 'animation-name', 'text-align', 'pointer-events', 'stroke', 'width', 'height'];
  const look: Record<string, string> = {};
  document.querySelectorAll('#app *').forEach((el, i) => {
    const style = getComputedStyle(el);
    const box = el instanceof HTMLElement ? `${el.offsetLeft},${el.offsetTop} ${el.offsetWidth}x${el.offsetHeight}` : '';
    look[`${i} ${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`] = [box, ...PROPS.map((p) => `${p}=${style.getPropertyValue(p)}`)].join('; ');
  });
  return look;
}

test.describe('the first frame', () => {
  test('shows the styled attract screen before the app has run, and the app adopts those very nodes', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const app = await holdTheApp(page);
    await openHeld(page);
    await app.requested;
    // Painted from the HTML alone: the app's script is still held.
    await expect(attractButton(page)).toBeVisible();
    await expect(page.locator('html')).not.toHaveAttribute('data-app', /.*/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(UI['zh-Hans'].attract_title);
    for (const locale of ['zh-Hant', 'en'] as const) await expect(page.getByText(UI[locale].attract_tap, { exact: true })).toBeVisible();
    // Styled, not bare HTML: the button spans the screen above the safety line (position: absolute; inset: 0).
    const viewport = page.viewportSize()!;
    const before = await attractButton(page).boundingBox();
    expect(before).toMatchObject({ x: 0, y: 0, width: viewport.width });
    expect(before!.height).toBeGreaterThan(viewport.height * 0.8);

    // Drawn by the first frame's own fonts, not as empty boxes: the full font stylesheet has not even
    // been asked for yet, the cut fonts (build/first-frame-fonts.ts) are all in use and loaded.
    const fontFaces = await fontFacesOf(page);
    expect(fontFaces).toEqual(['First Frame SC 400 loaded', 'First Frame SC 700 loaded', 'First Frame TC 400 loaded', 'First Frame TC 700 loaded']);

    const button = await attractButton(page).elementHandle();
    const title = await page.getByRole('heading', { level: 1 }).elementHandle();
    app.release();
    await expect(page.locator('html')).toHaveAttribute('data-app', 'running');
    // Hydration kept the prerendered nodes (a mismatch would have thrown them away and mounted anew).
    expect(await button!.evaluate((node) => node.isConnected)).toBe(true);
    expect(await title!.evaluate((node) => node.isConnected)).toBe(true);
    expect(await attractButton(page).boundingBox()).toEqual(before);
    expect(await page.locator('main .screen').count()).toBe(1);
  });

  test("is drawn by its one stylesheet exactly as the app's full CSS draws it", async ({ page, foreignRequests }) => {
    void foreignRequests;
    const stylesheets: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'stylesheet') stylesheets.push(new URL(request.url()).pathname.split('/').pop()!);
    });
    const app = await holdTheApp(page);
    // The full fonts too, so that both looks are drawn by the same (first-frame) fonts.
    const fonts = await hold(page, '**/assets/fonts-*.css');
    await openHeld(page);
    await app.requested;
    await expect(attractButton(page)).toBeVisible();
    await page.evaluate(() => document.fonts.ready);
    // index.html links one stylesheet, its own, cut from the app's (build/first-frame-css.ts).
    const html = await (await page.request.get('/')).text();
    const linked = [...html.matchAll(/<link rel="stylesheet"[^>]* href="([^"]+)"/g)].map((m) => m[1]);
    expect(linked).toEqual([expect.stringMatching(/^\.\/assets\/first-frame-[0-9a-f]{10}\.css$/)]);
    expect(stylesheets[0]).toBe(linked[0]!.split('/').pop());
    const firstFrame = await page.evaluate(attractScreenLook);
    expect(Object.keys(firstFrame).length).toBeGreaterThan(20);

    app.release();
    await expect(page.locator('html')).toHaveAttribute('data-app', 'running');
    // The app's own stylesheets are in now (the chunk runs only once they have loaded).
    expect(stylesheets).toContainEqual(expect.stringMatching(/^start-app-.*\.css$/));
    expect(await page.evaluate(attractScreenLook)).toEqual(firstFrame);
    fonts.release();
  });

  test('keeps its text where it is when the full fonts take over: the cut fonts keep their kerning', async ({ page, foreignRequests }) => {
    void foreignRequests;
    // Layout widths (offsetWidth: the CTA's pulse, a transform, does not move them) of every line in each language.
    const lineWidths = () =>
      page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#app [lang]'), (el) => `${el.lang} ${el.textContent} ${el.offsetWidth}`));
    const app = await holdTheApp(page);
    await openHeld(page);
    await app.requested;
    await page.evaluate(() => document.fonts.ready);
    const firstFrame = await lineWidths();
    expect(firstFrame).toContainEqual(expect.stringMatching(new RegExp(`^en ${UI.en.attract_title.replace(/[?]/g, '\\?')} \\d+$`)));
    app.release();
    await expect(page.locator('html')).toHaveAttribute('data-app', 'running');
    // The full Noto faces drawing the lines now, loaded.
    await expect.poll(async () => (await fontFacesOf(page)).filter((f) => /^Noto Sans (SC|TC) \d+ loaded$/.test(f)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    expect(await lineWidths()).toEqual(firstFrame);
  });

  test('is drawn on the brand gradient as Chromium draws it from CSS, with no request for the picture that stands in for it', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const images: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'image') images.push(request.url());
    });
    const app = await holdTheApp(page);
    await openHeld(page);
    await app.requested;
    await expect(attractButton(page)).toBeVisible();
    const shown = PNG.sync.read(await page.screenshot());
    // The design itself, drawn by Chromium over everything (build/attract-gradient.ts says why the
    // screen shows a picture of it instead).
    await page.evaluate((gradient) => {
      const reference = document.createElement('div');
      reference.style.cssText = `position: fixed; inset: 0; z-index: 2147483647; background: ${gradient}`;
      document.body.append(reference);
    }, attractGradientCss());
    const designed = PNG.sync.read(await page.screenshot());

    const { width, height } = page.viewportSize()!;
    const colour = (png: PNG, [x, y]: readonly [number, number]) => [0, 1, 2].map((c) => png.data[(y * png.width + x) * 4 + c]!);
    // Background only: the page's side margins, from the top to above the safety line.
    const points = [0.01, 0.3, 0.55, 0.8].flatMap((f) => [[4, Math.round(height * f)], [width - 5, Math.round(height * f)]] as const);
    for (const point of points) {
      const [want, got] = [colour(designed, point), colour(shown, point)];
      expect(got.every((c, i) => Math.abs(c - want[i]!) <= 3), `at ${point.join(',')}: ${got.join(',')} on screen, ${want.join(',')} designed`).toBe(true);
    }
    // A gradient, not one colour: the first and last points are far apart on it.
    expect(Math.abs(colour(designed, points[0]!)[2]! - colour(designed, points[points.length - 1]!)[2]!)).toBeGreaterThan(20);
    // Inside the first frame's stylesheet: no request that could come after the first frame.
    expect(images).toEqual([]);
    app.release();
  });

  test('keeps a tap that lands before the app runs and acts on it once, when the app has started', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const app = await holdTheApp(page);
    await openHeld(page);
    await app.requested;
    await attractButton(page).tap();
    await attractButton(page).tap();
    await expect(attractButton(page)).toHaveAttribute('data-held-tap', '');
    await page.waitForTimeout(300);
    await expect(page.getByRole('button', { name: LANGUAGE_NAMES['zh-Hans'], exact: true })).toHaveCount(0);

    app.release();
    // The held tap started the session: the language screen, and no further (it was replayed once).
    for (const name of Object.values(LANGUAGE_NAMES)) await expect(page.getByRole('main').getByRole('button', { name, exact: true })).toBeVisible();
    await expect(page.locator('[data-held-tap]')).toHaveCount(0);
  });
});
