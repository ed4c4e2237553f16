/**
 * Shared Playwright fixtures: every page is watched so that no request leaves
 * the app's own origin, and `expectAccessible` runs axe-core on the screen.
 */
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

interface KioskFixtures {
  /** Requests the page tried to make outside the app's origin. Checked after each test. */
  foreignRequests: string[];
  expectAccessible: (page: Page, screen: string) => Promise<void>;
}

export const test = base.extend<KioskFixtures>({
  foreignRequests: async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL!).origin;
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
      foreign.push(url);
      return route.abort('blockedbyclient');
    });
    await use(foreign);
    expect(foreign, 'requests that left the kiosk').toEqual([]);
  },
  expectAccessible: async ({}, use) => {
    await use(async (page, screen) => {
      // Measure the screen as the customer reads it, not half-way through its fade-in.
      await page.evaluate(() =>
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
            .map((a) => a.finished.catch(() => undefined)),
        ),
      );
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(serious, `axe on ${screen}`).toEqual([]);
    });
  },
});

export { expect };
