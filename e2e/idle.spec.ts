/**
 * Issue 4: a customer who walks away. After the idle time (90 s, the admin
 * default) the kiosk asks "Are you still there?" with a countdown; "I'm still
 * here" keeps the place, silence ends the session as `timeout` and brings
 * back the attract screen with nothing of the customer left.
 *
 * Playwright's clock fast-forwards the page's timers, installed before the
 * page loads; time otherwise flows as usual.
 */
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AccessPanel, attractButton, KioskPage } from './kiosk-page';
import { E2E_DATA_DIR } from '../playwright.config';

const DB_FILE = resolve(__dirname, '..', E2E_DATA_DIR, 'kiosk.db');
const IDLE_MS = 90_000;
const WARN_S = 20;

const PATH = [
  ['card_origin', 'mainland_card'],
  ['what_happens', 'name_or_id'],
  ['identity_msg', 'card_not_mine'],
] as const;
const CAUSE = 'realname_not_own_card';

function stillThere(kiosk: KioskPage) {
  return kiosk.page.getByRole('alertdialog', { name: kiosk.t('idle_title') });
}

/** The steps' "Done" toggles. */
function doneButtons(page: Page) {
  return page.getByRole('main').getByRole('button', { name: /Done|完成/ });
}

function lastSession(): { outcome: string | null; a11y: number } {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT id, outcome FROM session ORDER BY id DESC LIMIT 1').get() as { id: number; outcome: string | null };
    const a11y = db.prepare("SELECT count(*) AS n FROM session_event WHERE session_id = ? AND type = 'accessibility_changed'").get(row.id) as { n: number };
    return { outcome: row.outcome, a11y: a11y.n };
  } finally {
    db.close();
  }
}

test.describe('a customer who walks away', () => {
  test('is asked "Are you still there?", can stay, and is cleared away after a second silence', async ({ page, foreignRequests, expectAccessible }, testInfo) => {
    void foreignRequests;
    await page.clock.install();
    const kiosk = new KioskPage(page);
    await kiosk.open();
    // Nothing happens on the attract screen, however long it waits.
    await page.clock.runFor(10 * IDLE_MS);
    await expect(stillThere(kiosk)).toHaveCount(0);

    await kiosk.start('en');
    await kiosk.walk(PATH);
    await kiosk.expectCause(CAUSE);
    await doneButtons(page).first().click();
    await expect(doneButtons(page).first()).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('main').evaluate((main) => main.scrollTo({ top: 400 }));

    // A touch restarts the wait: just short of it, then a touch, then short again: no warning.
    await page.clock.runFor(IDLE_MS - 5_000);
    await page.getByRole('main').getByRole('heading', { level: 1 }).click();
    await page.clock.runFor(IDLE_MS - 5_000);
    await expect(stillThere(kiosk)).toHaveCount(0);

    await page.clock.runFor(5_000);
    const dialog = stillThere(kiosk);
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(String(WARN_S));
    await page.clock.runFor(5_000);
    await expect(dialog.getByText(kiosk.t('idle_body', { n: WARN_S - 5 }))).toBeVisible();
    await expectAccessible(page, 'still there');
    await page.screenshot({ path: testInfo.outputPath(`still-there-${testInfo.project.name}.png`) });

    // "I'm still here": same cause, same ticked step, same language.
    await dialog.getByRole('button', { name: kiosk.t('idle_stay') }).click();
    await expect(dialog).toBeHidden();
    await kiosk.expectCause(CAUSE);
    await expect(doneButtons(page).first()).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // Walks away for good: warning, countdown, then the attract screen.
    await page.clock.runFor(IDLE_MS);
    await expect(dialog).toBeVisible();
    await page.clock.runFor(WARN_S * 1000);
    await expect(attractButton(page)).toBeVisible();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
    await expect.poll(() => lastSession().outcome).toBe('timeout');

    // The next person walks the same path (in the default language) and finds nothing ticked, at the top.
    await kiosk.settle();
    await kiosk.start('zh-Hans');
    await kiosk.walk(PATH);
    await kiosk.expectCause(CAUSE);
    await expect(page.getByRole('main').getByRole('button', { pressed: true })).toHaveCount(0);
    expect(await page.getByRole('main').evaluate((main) => main.scrollTop)).toBe(0);
    await kiosk.tapTopBar('back');
    await kiosk.expectQuestion('identity_msg');
    await kiosk.tapTopBar('back');
    await kiosk.expectQuestion('what_happens');
  });

  test('with larger text on gets twice the time, and leaves with it switched off', async ({ page, foreignRequests }) => {
    void foreignRequests;
    await page.clock.install();
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('zh-Hant');
    const panel = new AccessPanel(kiosk);
    await panel.open();
    await panel.turnOn('a11y_large_text');
    await panel.turnOn('a11y_high_contrast');
    await panel.close();
    await expect(page.locator('html')).toHaveClass(/large-text/);

    await page.clock.runFor(IDLE_MS + 1_000);
    await expect(stillThere(kiosk)).toHaveCount(0);
    await page.clock.runFor(IDLE_MS);
    await expect(stillThere(kiosk)).toBeVisible();
    await page.clock.runFor(WARN_S * 1000);
    await expect(attractButton(page)).toBeVisible();
    await expect(page.locator('html')).not.toHaveClass(/large-text|high-contrast/);
    await expect.poll(() => lastSession()).toEqual({ outcome: 'timeout', a11y: 2 });
  });

  test('can say "I\'m done" on the warning, or on an outcome, and the next person starts clean', async ({ page, foreignRequests }) => {
    void foreignRequests;
    await page.clock.install();
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('en');
    await page.clock.runFor(IDLE_MS);
    await stillThere(kiosk).getByRole('button', { name: kiosk.t('finish') }).click();
    await expect(attractButton(page)).toBeVisible();
    await expect.poll(() => lastSession().outcome).toBe('abandoned');

    await kiosk.settle();
    await kiosk.start('en');
    await kiosk.walk([['card_origin', 'mainland_card'], ['what_happens', 'phone_or_sms'], ['sms_problem', 'phone_mismatch_msg']]);
    await kiosk.expectCause('reserved_phone_mismatch');
    await kiosk.button(kiosk.t('handoff_counter')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
    await kiosk.settle();
    await kiosk.button(kiosk.t('finish')).click();
    await expect(attractButton(page)).toBeVisible();
    await expect.poll(() => lastSession().outcome).toBe('escalated_counter');
  });
});
