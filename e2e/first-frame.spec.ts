/**
 * The attract screen comes prerendered in index.html (build/first-frame.ts):
 * it is on screen before the app's script has run, the app then takes over
 * the same DOM, and a tap in between is not lost (renderer/src/lib/early-taps.ts).
 * The app's chunk is held back here until the test lets it through.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { LANGUAGE_NAMES, UI } from './kiosk-page';

/** Holds the app's chunk (renderer/src/start-app.ts) until `release()`. */
async function holdTheApp(page: Page): Promise<{ release: () => void; requested: Promise<void> }> {
  let release!: () => void;
  let requestedNow!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const requested = new Promise<void>((r) => (requestedNow = r));
  await page.route('**/assets/start-app-*.js', async (route) => {
    requestedNow();
    await released;
    await route.fallback();
  });
  return { release, requested };
}

const attractButton = (page: Page) => page.getByRole('button', { name: new RegExp(UI['zh-Hans'].attract_tap) });

test.describe('the first frame', () => {
  test('shows the styled attract screen before the app has run, and the app adopts those very nodes', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const app = await holdTheApp(page);
    await page.goto('/');
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
    const fontFaces = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces: string[] = [];
      document.fonts.forEach((face) => faces.push(`${face.family.replace(/["']/g, '')} ${face.weight} ${face.status}`));
      return faces.sort();
    });
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

  test('keeps a tap that lands before the app runs and acts on it once, when the app has started', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const app = await holdTheApp(page);
    await page.goto('/');
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
