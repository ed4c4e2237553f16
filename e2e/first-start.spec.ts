/**
 * Start-up: the attract screen shows before the kiosk has said whether it has
 * an admin PIN (renderer/src/App.svelte), and a fresh kiosk's first start
 * still takes over once it says it has none. The kiosk's answer is held back
 * with a route so the window before it is wide enough to act in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startHarness } from './harness';
import { attractButton } from './kiosk-page';
import { en } from '../renderer/src/i18n/en';
import { zhHans } from '../renderer/src/i18n/zh-Hans';

const ANSWER_DELAY_MS = 1500;

/** Holds back the answer to getAccessStatus; resolves the returned function to let it through. */
async function holdAccessStatus(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route('**/api/getAccessStatus', async (route) => {
    await Promise.race([released, new Promise((r) => setTimeout(r, ANSWER_DELAY_MS * 10))]);
    await route.continue();
  });
  return release;
}

test('a configured kiosk: the customer can start before the kiosk answers, and the answer leaves them be', async ({ page }) => {
  const release = await holdAccessStatus(page);
  await page.goto('/');
  await expect(attractButton(page)).toBeVisible();
  await page.waitForTimeout(400); // the double-tap guard after a screen is shown
  await attractButton(page).click();
  await expect(page.getByRole('button', { name: 'English', exact: true })).toBeVisible();
  release();
  await page.waitForResponse('**/api/getAccessStatus');
  await page.waitForTimeout(300);
  await expect(page.getByRole('button', { name: 'English', exact: true })).toBeVisible();
});

test('a fresh kiosk: the attract screen first, then the first start takes over', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-first-start-'));
  const fresh = await startHarness({ port: 0, dataDir });
  try {
    const release = await holdAccessStatus(page);
    await page.goto(fresh.url);
    await expect(attractButton(page)).toBeVisible();
    await expect(page.getByRole('heading', { name: en.setup_title })).toHaveCount(0);
    release();
    await expect(page.getByText(zhHans.setup_title).or(page.getByText(en.setup_title)).first()).toBeVisible();
    await expect(attractButton(page)).toHaveCount(0);
  } finally {
    await fresh.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
