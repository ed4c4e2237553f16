/**
 * Touch first on the staff and admin screens too: every button is at least
 * 64 px each way and no two overlap (a tap on the edge of one must not land on
 * its neighbour), on every admin page, in both orientations. And an admin
 * whose unlock lapsed is told so on the PIN pad, not dropped on the attract
 * screen.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { KioskPage, adminTile, typePin, unlockAsAdmin } from './kiosk-page';
import { E2E_ADMIN_PIN } from '../playwright.config';

const PAGES = ['tile_dashboard', 'tile_export', 'tile_packs', 'tile_settings', 'tile_pins', 'tile_selftest', 'tile_quit'] as const;

/** Buttons smaller than a fingertip, and pairs of buttons whose boxes overlap. */
async function touchProblems(page: Page): Promise<string[]> {
  return page.getByRole('button').evaluateAll((buttons) => {
    const shown = buttons
      .map((b) => ({ name: (b.getAttribute('aria-label') ?? b.textContent ?? '').trim().slice(0, 40), box: b.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0);
    const problems = shown.filter(({ box }) => box.width < 64 || box.height < 64).map(({ name, box }) => `small: ${name} ${Math.round(box.width)}x${Math.round(box.height)}`);
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) {
        const a = shown[i]!.box;
        const b = shown[j]!.box;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        // Sub-pixel rounding is not an overlap.
        if (x > 0.5 && y > 0.5) problems.push(`overlap: ${shown[i]!.name} / ${shown[j]!.name} by ${Math.round(x)}x${Math.round(y)}`);
      }
    }
    return problems;
  });
}

test('every admin page has fingertip-sized buttons that do not overlap', async ({ page, foreignRequests }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  expect(await touchProblems(page), 'admin home').toEqual([]);
  for (const tile of PAGES) {
    await adminTile(kiosk, tile).click();
    await expect(page.getByRole('button', { name: kiosk.t('admin_home'), exact: true }).first()).toBeVisible();
    await kiosk.settle();
    expect(await touchProblems(page), tile).toEqual([]);
    await page.getByRole('button', { name: kiosk.t('admin_home'), exact: true }).first().click();
  }
});

test('an admin whose unlock lapsed gets the PIN pad saying why, then the admin home again', async ({ page, playwright, baseURL, foreignRequests }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await adminTile(kiosk, 'tile_settings').click();
  await expect(page.getByRole('heading', { name: kiosk.t('settings_title') })).toBeVisible();
  // Another unlock replaces this screen's token, as a restart of the kiosk's main process would end it.
  const api = await playwright.request.newContext({ baseURL: baseURL! });
  try {
    const answer = (await (await api.post('api/unlock', { data: { pin: E2E_ADMIN_PIN } })).json()) as { ok: boolean };
    expect(answer.ok).toBe(true);
  } finally {
    await api.dispose();
  }
  await page.getByRole('button', { name: kiosk.t('admin_home'), exact: true }).first().click();
  await adminTile(kiosk, 'tile_dashboard').click();
  await expect(page.getByText(kiosk.t('pin_expired'))).toBeVisible();
  await typePin(kiosk, E2E_ADMIN_PIN);
  await expect(adminTile(kiosk, 'tile_settings')).toBeVisible();
});
