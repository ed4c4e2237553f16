/**
 * The installer self-test (issue 4) on the browser harness: the admin opens it
 * from the admin home and sees every escape path listed, none closed, under a
 * banner that says plainly this is not a kiosk (so nobody takes a browser tab
 * for a locked-down kiosk). The real checks run in the Electron shell
 * (electron/self-test.test.ts).
 */
import { test, expect } from './fixtures';
import { KioskPage, adminTile, unlockAsAdmin } from './kiosk-page';
import { E2E_ADMIN_PIN } from '../playwright.config';
import { SELF_TEST_IDS } from '../electron/api';

test('the self-test page lists every escape path and says the harness is not a kiosk', async ({ page, foreignRequests, expectAccessible }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await adminTile(kiosk, 'tile_selftest').click();
  await expect(kiosk.heading).toHaveText(kiosk.t('selftest_title'));

  const banner = page.getByTestId('selftest-not-kiosk');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(kiosk.t('selftest_not_kiosk'));
  await expect(page.getByTestId('selftest-summary')).toHaveText(kiosk.t('selftest_summary', { closed: 0, total: SELF_TEST_IDS.length }));

  const checks = page.getByTestId('selftest-check');
  await expect(checks).toHaveCount(SELF_TEST_IDS.length);
  await expect(checks.first()).toContainText(kiosk.t('selftest_check_kiosk_window'));
  await expect(checks.first()).toContainText('the browser harness is not a kiosk window');
  expect(await checks.evaluateAll((items) => items.map((li) => [li.getAttribute('data-check'), li.getAttribute('data-ok')]))).toEqual(
    SELF_TEST_IDS.map((id) => [id, 'false']),
  );
  // Read-aloud's voices, one line per language: the tests' browser has no speech engine's voices.
  const voices = page.getByTestId('selftest-voice');
  expect(await voices.evaluateAll((items) => items.map((li) => [li.getAttribute('data-locale'), li.getAttribute('data-ok')]))).toEqual([
    ['zh-Hans', 'false'],
    ['zh-Hant', 'false'],
    ['en', 'false'],
  ]);
  await expect(voices.first()).toContainText(kiosk.t('selftest_voice_none'));
  await expectAccessible(page, 'installer self-test');

  // Checking again gives the same answer; the page stays usable.
  await page.getByRole('button', { name: kiosk.t('selftest_run_again') }).click();
  await expect(checks).toHaveCount(SELF_TEST_IDS.length);
  await expect(banner).toBeVisible();
});
