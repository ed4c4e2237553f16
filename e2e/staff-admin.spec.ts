/**
 * Staff and admin through the touch UI: the hidden gesture and PIN pad, a
 * staff-assisted session that the store tags as assisted, and an admin export
 * to a "USB stick" that is then read back and verified like branch IT would.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures';
import { KioskPage, adminTile as tile, expectDriveLostNotice, longPressCorner, typePin, unlockAsAdmin, withStickPulled } from './kiosk-page';
import { E2E_ADMIN_PIN, E2E_DATA_DIR, E2E_USB_DIR } from '../playwright.config';
import { HARNESS_USB_LABEL } from './harness';
import { verifyExport } from '../db/verify-export';

const DB_FILE = resolve(__dirname, '..', E2E_DATA_DIR, 'kiosk.db');
const STAFF_PIN = '730518';



test.describe.configure({ mode: 'serial' });

/** One statement on the harness's store. Both projects share that store, so a test sets its own starting point. */
function onStore(sql: string): void {
  const db = new Database(DB_FILE, { fileMustExist: true });
  try {
    db.prepare(sql).run();
  } finally {
    db.close();
  }
}

/** The export test starts from a kiosk with no name in exports. */
function forgetPseudonym(): void {
  onStore("UPDATE setting SET value = '' WHERE key = 'kiosk_pseudonym'");
}

/**
 * Start from no wrong tries, as a correct PIN would leave it, so the count a test asserts does not
 * depend on which project ran first.
 */
function clearWrongTries(): void {
  onStore('UPDATE pin_lockout SET failures = 0, locked_until = NULL, lockouts = 0 WHERE id = 1');
}

test('a wrong PIN is refused with the tries left, and a tap elsewhere still starts the customer flow', async ({ page, foreignRequests, expectAccessible }) => {
  void foreignRequests;
  clearWrongTries();
  const kiosk = new KioskPage(page);
  await kiosk.open();
  await longPressCorner(page);
  await expect(kiosk.button(kiosk.t('pin_ok'))).toBeVisible();
  await expectAccessible(page, 'PIN pad');
  await typePin(kiosk, '000999');
  await expect(page.getByText(kiosk.t('pin_wrong', { n: 4 }))).toBeVisible();
  await kiosk.button(kiosk.t('cancel')).click();
  await kiosk.settle();
  await kiosk.start('en');
});

test('holding the picture on the start screen does not open the PIN pad: only the empty corner does', async ({ page, foreignRequests }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  await kiosk.open();
  const picture = (await page.locator('.emblem').boundingBox())!;
  await page.mouse.move(picture.x + picture.width / 2, picture.y + picture.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(2300);
  await page.mouse.up();
  await expect(kiosk.button('English')).toBeVisible();
  await expect(kiosk.button(kiosk.t('pin_ok'))).toHaveCount(0);
});

test("the dashboard's key figures fit their cards, six-digit ones too", async ({ page, foreignRequests }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  // A year of a busy branch: the harness's 400 demo sessions, counted as 123,456.
  await page.route('**/api/getDashboard', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { value: { totals: { sessions: number; assisted: number } } };
    body.value.totals.sessions = 123_456;
    body.value.totals.assisted = 12_345;
    await route.fulfill({ response, json: body });
  });
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await tile(kiosk, 'tile_dashboard').click();
  await expect(page.getByText('123,456')).toBeVisible();
  const overflowing = await page.locator('.figure .value').evaluateAll((values) =>
    values.filter((v) => v.scrollWidth > v.clientWidth + 1).map((v) => `${v.textContent} ${v.scrollWidth}>${v.clientWidth}`),
  );
  expect(overflowing).toEqual([]);
});

test('staff guide a customer: staff notes, the cause index, and a session tagged assisted', async ({ page, foreignRequests, expectAccessible }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  // A fresh kiosk has no staff PIN: the admin home says so and leads to where it is set.
  onStore("DELETE FROM access_pin WHERE role = 'staff'");
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await expect(page.getByText(kiosk.t('admin_no_staff_pin'))).toBeVisible();
  await kiosk.button(kiosk.t('admin_set_staff_pin')).click();
  await page.getByRole('button', { name: new RegExp(kiosk.t('role_staff')) }).click();
  // A PIN anyone would guess is refused, in the screen's language.
  await typePin(kiosk, '123456');
  await typePin(kiosk, '123456');
  await expect(page.getByText(kiosk.t('pin_too_easy'))).toBeVisible();
  await typePin(kiosk, STAFF_PIN);
  await typePin(kiosk, STAFF_PIN);
  await expect(page.getByText(kiosk.t('pins_changed', { role: kiosk.t('role_staff') }))).toBeVisible();
  await page.getByRole('button', { name: kiosk.t('admin_home'), exact: true }).first().click();
  await expect(tile(kiosk, 'tile_pins')).toBeVisible();
  await expect(page.getByText(kiosk.t('admin_no_staff_pin'))).toHaveCount(0);
  await page.getByRole('button', { name: kiosk.t('admin_lock'), exact: true }).first().click();

  // Staff unlock with their own PIN.
  await kiosk.settle();
  await longPressCorner(page);
  await typePin(kiosk, STAFF_PIN);
  await expect(page.getByText(kiosk.t('staff_mode'), { exact: true }).first()).toBeVisible();
  await kiosk.settle();
  await page.getByRole('button', { name: new RegExp(kiosk.t('attract_tap')) }).click();
  await kiosk.settle();
  await kiosk.button('English').click();
  kiosk.locale = 'en';
  await kiosk.expectQuestion('card_origin');
  // The cause index goes straight to a cause.
  await page.getByRole('button', { name: kiosk.t('all_causes') }).click();
  await kiosk.settle();
  await expectAccessible(page, 'cause index');
  await page.getByRole('button', { name: kiosk.causeTitle('online_quick_payment_disabled') }).click();
  await kiosk.expectCause('online_quick_payment_disabled');
  await expect(page.getByRole('heading', { name: kiosk.t('staff_note') })).toBeVisible();
  await expectAccessible(page, 'cause with staff note');
  await kiosk.button(kiosk.t('handoff_counter')).click();
  await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
  await kiosk.settle();
  await kiosk.button(kiosk.t('finish')).click();
  await kiosk.settle();
  // Staff mode was for that customer: the next walk-in gets the attract screen in self-service, in the default language.
  kiosk.locale = 'zh-Hans';
  await expect(page.getByRole('button', { name: new RegExp(kiosk.t('attract_tap')) })).toBeVisible();
  await expect(page.getByText(kiosk.t('staff_mode'), { exact: true })).toHaveCount(0);

  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const last = db.prepare('SELECT assisted, outcome FROM session ORDER BY id DESC LIMIT 1').get();
    expect(last).toEqual({ assisted: 1, outcome: 'escalated_counter' });
  } finally {
    db.close();
  }
});

test('staff mode ends by itself once the clerk has left: an unlock left on the start screen, or a session that timed out', async ({ page, foreignRequests }) => {
  void foreignRequests;
  await page.clock.install();
  const kiosk = new KioskPage(page);
  const staffBar = () => page.getByText(kiosk.t('staff_mode'), { exact: true });
  const enterStaffMode = async () => {
    kiosk.locale = 'zh-Hans';
    await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
    await tile(kiosk, 'tile_staff').click();
    await expect(staffBar().first()).toBeVisible();
  };

  // Left on the start screen (any touch there starts a customer's flow): 30 s untouched ends staff mode.
  await enterStaffMode();
  await page.clock.runFor(28_000);
  await expect(staffBar().first()).toBeVisible();
  await page.clock.runFor(3_000);
  await expect(staffBar()).toHaveCount(0);
  await expect(page.getByRole('button', { name: new RegExp(kiosk.t('attract_tap')) })).toBeVisible();

  // Left in the middle of a customer's questions: the idle timeout ends the session, and staff mode with it.
  await enterStaffMode();
  await kiosk.start('en');
  await expect(staffBar().first()).toBeVisible();
  await page.clock.runFor(90_000 + 21_000);
  kiosk.locale = 'zh-Hans';
  await expect(page.getByRole('button', { name: new RegExp(kiosk.t('attract_tap')) })).toBeVisible();
  await expect(staffBar()).toHaveCount(0);
  // The session's end is written once the kiosk's queue of calls reaches it.
  await expect.poll(() => {
    const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT assisted, outcome FROM session ORDER BY id DESC LIMIT 1').get();
    } finally {
      db.close();
    }
  }).toEqual({ assisted: 1, outcome: 'timeout' });
});

test('End staff mode leaves the customer on the same screen, on their own', async ({ page, foreignRequests }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await tile(kiosk, 'tile_staff').click();
  await kiosk.settle();
  await kiosk.start('en');
  await kiosk.answer('card_origin', 'mainland_card');
  await kiosk.expectQuestion('what_happens');
  await page.getByRole('button', { name: kiosk.t('staff_mode_end') }).click();
  await expect(page.getByText(kiosk.t('staff_mode'), { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: kiosk.t('all_causes') })).toHaveCount(0);
  // Same question, same language: the customer's answers are still there, and Back still works.
  await kiosk.expectQuestion('what_happens');
  await kiosk.tapTopBar('back');
  await kiosk.expectQuestion('card_origin');
});

test('the admin exports statistics to a USB stick, and the export verifies', async ({ page, foreignRequests, expectAccessible }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await expectAccessible(page, 'admin home');

  // Exports need the kiosk's pseudonym (its name in exports). Without one, the export says so in the
  // screen's language, not the core's English, and leads to Settings.
  forgetPseudonym();
  await tile(kiosk, 'tile_export').click();
  await page.getByRole('button', { name: new RegExp(`^${kiosk.t('export_to', { drive: HARNESS_USB_LABEL })}`) }).click();
  await expect(page.getByText(kiosk.t('export_no_pseudonym'))).toBeVisible();
  await kiosk.button(kiosk.t('export_open_settings')).click();
  await expect(page.getByRole('heading', { name: kiosk.t('settings_title') })).toBeVisible();
  // The name, typed on the on-screen keypad.
  for (const ch of 'E2E-1') await kiosk.button(ch).click();
  // And a nightly restart at 04:00: off, then one tap per hour.
  const restartLater = kiosk.button(kiosk.t('settings_increase', { what: kiosk.t('settings_restart') }));
  const restartEarlier = kiosk.button(kiosk.t('settings_decrease', { what: kiosk.t('settings_restart') }));
  // Both projects share one store: the other run may have set an hour already.
  for (let i = 0; i < 25 && (await restartEarlier.isEnabled()); i++) await restartEarlier.click();
  await expect(restartEarlier).toBeDisabled();
  await expect(page.getByText(kiosk.t('settings_restart_off'), { exact: true })).toBeVisible();
  for (let i = 0; i < 5; i++) await restartLater.click();
  await expect(page.getByText(kiosk.t('settings_restart_at', { hour: '04' }), { exact: true })).toBeVisible();
  await kiosk.button(kiosk.t('settings_save')).click();
  await expect(page.getByText(kiosk.t('settings_saved'))).toBeVisible();
  await expectAccessible(page, 'settings');
  const store = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    expect(store.prepare("SELECT value FROM setting WHERE key = 'nightly_restart_hour'").pluck().get()).toBe('4');
  } finally {
    store.close();
  }
  await page.getByRole('button', { name: kiosk.t('admin_home'), exact: true }).first().click();

  await tile(kiosk, 'tile_dashboard').click();
  await expect(page.getByRole('img').first()).toBeVisible();
  await expectAccessible(page, 'dashboard');
  await page.getByRole('button', { name: kiosk.t('admin_home'), exact: true }).first().click();

  // The stick plugged into the kiosk is listed in the page, with the space left on it: no file dialog.
  await tile(kiosk, 'tile_export').click();
  const stick = page.getByRole('button', { name: new RegExp(`^${kiosk.t('export_to', { drive: HARNESS_USB_LABEL })} .* ${kiosk.t('usb_free', { size: '[\\d.,]+ [kMGT]?B' })}$`) });
  await expectAccessible(page, 'export: the USB drives');
  await stick.click();
  await expect(page.getByText(kiosk.t('export_done'))).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'export done');
  const folder = (await page.getByRole('main').innerText()).match(/(\/\S*help-kiosk-export-[^\s]+)/)?.[1];
  expect(folder, 'the export folder is shown to the admin').toBeTruthy();
  // On the stick, in a folder of its own.
  expect(resolve(folder!, '..')).toBe(resolve(__dirname, '..', E2E_USB_DIR));

  // Branch IT's check: the export passes every rule, and holds only aggregates.
  expect(verifyExport(folder!)).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(folder!, 'manifest.json'), 'utf8'));
  expect(manifest).toMatchObject({ schemaVersion: 2, k: 11, kioskPseudonym: expect.stringMatching(/E2E-1$/) });
  const outcomes = readFileSync(join(folder!, 'outcomes.csv'), 'utf8');
  expect(outcomes.split('\r\n')[0]).toBe('day,locale,cause,outcome,assisted,pack_id,pack_version,sessions,suppressed');
  expect(outcomes).not.toMatch(/\d{2}:\d{2}/);
  // Each row names the pack release its sessions ran on, so a change in resolution rate traces to a release.
  expect(outcomes.split('\r\n')[1]).toMatch(/,card_binding,\d+\.\d+\.\d+,/);
});

test('a stick pulled out after the list was read: the admin is told the kiosk cannot reach it, what it saw, and the list is read again', async ({ page, foreignRequests, expectAccessible }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await tile(kiosk, 'tile_export').click();
  const stick = page.getByRole('button', { name: new RegExp(`^${kiosk.t('export_to', { drive: HARNESS_USB_LABEL })} `) });
  await expect(stick).toBeVisible();

  const usb = resolve(__dirname, '..', E2E_USB_DIR);
  await withStickPulled(usb, async () => {
    await stick.click();
    await expectDriveLostNotice(kiosk, usb);
    // The list was read again, and the stick is gone from it: nothing left to tap by mistake.
    await expect(stick).toHaveCount(0);
    await expectAccessible(page, 'export: the stick pulled out');
  });
});
