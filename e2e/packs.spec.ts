/**
 * Content packs from the admin screen (issue 5): a pack on the "USB stick"
 * (the harness's stand-in drive, E2E_USB_DIR) is refused when it is
 * invalid, unsigned, tampered with, or uses characters the kiosk's fonts
 * cannot draw, each with its problems listed under a heading in the admin's
 * language (all three are used); a good signed pack becomes active; rollback
 * brings the bundled pack back; a stick pulled out before the tap imports
 * nothing and says which drive was lost. The spec leaves the bundled pack active (an afterAll
 * rolls back through the API should a step fail), so the specs after it see
 * the content they expect.
 */
import Database from 'better-sqlite3';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { KioskPage, adminTile, expectDriveLostNotice, unlockAsAdmin, withStickPulled } from './kiosk-page';
import { E2E_ADMIN_PIN, E2E_DATA_DIR, E2E_USB_DIR } from '../playwright.config';
import { HARNESS_USB_LABEL } from './harness';
import { MAX_PACK_FILES } from '../electron/usb-drives';
import { signPackBytes, SIGNATURE_SUFFIX } from '../db/pack-signing';
import { devPrivateKey } from '../db/test/signed-pack';
import bundled from '../db/content/card-binding.json';

const DB_FILE = resolve(__dirname, '..', E2E_DATA_DIR, 'kiosk.db');
const PACK_FILE = resolve(__dirname, '..', E2E_USB_DIR, 'card-binding.json');
const SIG_FILE = `${PACK_FILE}${SIGNATURE_SUFFIX}`;

async function openPacksPage(kiosk: KioskPage): Promise<void> {
  await unlockAsAdmin(kiosk, E2E_ADMIN_PIN);
  await adminTile(kiosk, 'tile_packs').click();
  await expect(kiosk.heading).toHaveText(kiosk.t('packs_title'));
}

/** The next version of the bundled pack that this store has not seen (both projects share one store). */
function nextVersion(): string {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const versions = (db.prepare('SELECT version FROM pack WHERE pack_id = ?').all(bundled.id) as { version: string }[]).map((r) => r.version.split('.').map(Number));
    const [major, minor, patch] = versions.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!).at(-1)!;
    return `${major}.${minor}.${patch! + 1}`;
  } finally {
    db.close();
  }
}

/** Puts a pack on the stick: its text, and a signature over `signedText` (default: the same text), or none. */
function putOnStick(text: string, signature: { over?: string } | null): void {
  mkdirSync(dirname(PACK_FILE), { recursive: true });
  writeFileSync(PACK_FILE, text);
  rmSync(SIG_FILE, { force: true });
  if (signature) writeFileSync(SIG_FILE, signPackBytes(Buffer.from(signature.over ?? text), devPrivateKey()));
}

/** What an admin does after putting a pack on the stick: Look again, then tap the pack's file. */
async function importFromStick(kiosk: KioskPage): Promise<void> {
  await kiosk.button(kiosk.t('usb_look_again')).click();
  await kiosk.page.getByRole('button', { name: new RegExp(`^card-binding\\.json ${kiosk.t('packs_on_drive', { drive: HARNESS_USB_LABEL })}$`) }).click();
}

async function kioskInfo(page: Page): Promise<{ packVersion: string }> {
  return page.evaluate(async () => {
    const r = (await (window as unknown as { kiosk: { getKioskInfo: (a: object) => Promise<{ value: { packVersion: string } }> } }).kiosk.getKioskInfo({})).value;
    return r;
  });
}

test.describe.configure({ mode: 'serial' });

test.afterAll(async ({ playwright, baseURL }) => {
  // Whatever happened above, the bundled pack serves the specs that follow.
  const api = await playwright.request.newContext({ baseURL: baseURL! });
  try {
    const post = async (method: string, body: object) => (await (await api.post(`api/${method}`, { data: body })).json()) as { ok: boolean; value: never };
    const unlocked = await post('unlock', { pin: E2E_ADMIN_PIN });
    const token = (unlocked.value as { token?: string }).token;
    if (!token) return;
    for (let i = 0; i < 5; i++) {
      const packs = (await post('listPacks', { token })).value as { active: { version: string } | null; previous: unknown };
      if (packs.active?.version === bundled.version || !packs.previous) break;
      await post('rollbackPack', { token });
    }
    await post('lock', { token });
  } finally {
    await api.dispose();
    // The pack only: the stick stays plugged in for the specs that export to it.
    rmSync(PACK_FILE, { force: true });
    rmSync(SIG_FILE, { force: true });
  }
});

test('the admin imports packs from a USB stick: bad, unsigned, tampered and undrawable ones are refused with their problems, a good one serves, and rollback restores the previous one', async ({
  page,
  foreignRequests,
  expectAccessible,
}, testInfo) => {
  void foreignRequests;
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}-${testInfo.project.name}.png`), animations: 'disabled', fullPage: true });
  const kiosk = new KioskPage(page);
  await openPacksPage(kiosk);
  const main = page.getByRole('main');
  // Named in the language on screen, which the admin changes below.
  const active = () => page.getByRole('region', { name: kiosk.t('packs_active') });
  const previous = () => page.getByRole('region', { name: kiosk.t('packs_previous') });
  const rejected = page.getByTestId('pack-rejected');

  await expect(active()).toContainText(kiosk.t('packs_version', { version: bundled.version }));
  await expect(active()).toContainText(kiosk.t('packs_bundled'));
  await expect(previous()).toContainText(kiosk.t('packs_no_previous'));
  // The stick is plugged in, with no pack on it yet: the page lists it and says what a pack looks like.
  await expect(main).toContainText(kiosk.t('packs_no_files', { drive: HARNESS_USB_LABEL }));
  await expectAccessible(page, 'content packs');

  const version = nextVersion();
  const good = `${JSON.stringify({ ...bundled, version }, null, 2)}\n`;

  // A signed pack with mistakes: every problem, with its path, under a heading in the admin's language.
  const broken = JSON.parse(good) as { causes: { title: Record<string, string>; summary: Record<string, string> }[] };
  delete broken.causes[0]!.title['zh-Hant'];
  broken.causes[2]!.summary['en'] = ' ';
  putOnStick(JSON.stringify(broken, null, 2), {});
  await importFromStick(kiosk);
  await expect(page.getByText(kiosk.t('packs_rejected_invalid_pack'))).toBeVisible();
  await expect(rejected.getByRole('heading', { name: kiosk.t('packs_problems', { n: 2 }) })).toBeVisible();
  await expect(rejected.getByRole('listitem')).toHaveText(['causes[0].title.zh-Hant missing text for this locale', 'causes[2].summary.en text is empty']);
  await expect(rejected).toContainText(kiosk.t('packs_still_active'));
  await expectAccessible(page, 'content packs: invalid pack refused');
  // Every text in a bundled font: the kiosk has none of its own (no monospace either) to fall back on.
  const unbundled = await page.evaluate(() =>
    Array.from(document.querySelectorAll('body *'))
      .filter((el) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim() !== '') && !/Noto Sans/.test(getComputedStyle(el).fontFamily))
      .map((el) => `${el.tagName.toLowerCase()}: ${getComputedStyle(el).fontFamily}`),
  );
  expect(unbundled).toEqual([]);
  await shot('packs-invalid');

  // Unsigned: refused before it is parsed. (The admin reads in Traditional Chinese now.)
  await kiosk.switchLanguage('zh-Hant');
  await expect(rejected.getByRole('heading', { name: kiosk.t('packs_problems', { n: 2 }) })).toBeVisible();
  putOnStick(good, null);
  await importFromStick(kiosk);
  await expect(page.getByText(kiosk.t('packs_rejected_unsigned'))).toBeVisible();
  await expect(rejected.getByRole('listitem')).toHaveText([/^\(signature\) card-binding\.json is not signed/]);

  // Tampered: signed, then one word changed on the stick. (And in English.)
  await kiosk.switchLanguage('en');
  putOnStick(good.replace(bundled.title.en, `${bundled.title.en}!`), { over: good });
  await importFromStick(kiosk);
  await expect(page.getByText(kiosk.t('packs_rejected_bad_signature'))).toBeVisible();
  await expect(rejected.getByRole('listitem')).toHaveText([/^\(signature\) the signature does not match card-binding\.json/]);
  expect((await kioskInfo(page)).packVersion).toBe(bundled.version);

  // Signed and valid, but a customer would see an empty box: the kiosk's fonts do not draw 𠮷.
  putOnStick(good.replace(bundled.title['zh-Hans'], `${bundled.title['zh-Hans']}𠮷`), {});
  await importFromStick(kiosk);
  await expect(page.getByText(kiosk.t('packs_rejected_undrawable_text'))).toBeVisible();
  await expect(rejected.getByRole('listitem')).toHaveText(["title.zh-Hans 𠮷 (U+20BB7) would show as empty boxes: the kiosk's fonts do not draw it"]);
  expect((await kioskInfo(page)).packVersion).toBe(bundled.version);

  // A good signed pack becomes active; the bundled one becomes "previous".
  putOnStick(good, {});
  await importFromStick(kiosk);
  await expect(page.getByText(kiosk.t('packs_imported', { version }))).toBeVisible();
  await expect(active()).toContainText(kiosk.t('packs_version', { version }));
  await expect(active()).toContainText(kiosk.t('packs_signed_by', { key: 'help-kiosk development key' }));
  await expect(previous()).toContainText(kiosk.t('packs_version', { version: bundled.version }));
  expect((await kioskInfo(page)).packVersion).toBe(version);
  await expectAccessible(page, 'content packs: imported');
  await shot('packs-imported');

  // Rollback asks first; cancel changes nothing.
  await kiosk.button(kiosk.t('packs_rollback')).click();
  await expect(main.getByRole('heading', { name: kiosk.t('packs_rollback_title', { version: bundled.version }) })).toBeVisible();
  await shot('packs-rollback-confirm');
  await kiosk.button(kiosk.t('cancel')).click();
  expect((await kioskInfo(page)).packVersion).toBe(version);
  await kiosk.button(kiosk.t('packs_rollback')).click();
  await kiosk.button(kiosk.t('packs_rollback_confirm')).click();
  await expect(page.getByText(kiosk.t('packs_rolled_back', { version: bundled.version }))).toBeVisible();
  await expect(active()).toContainText(kiosk.t('packs_version', { version: bundled.version }));
  await expect(previous()).toContainText(kiosk.t('packs_no_previous'));
  expect((await kioskInfo(page)).packVersion).toBe(bundled.version);

  // The store agrees, and the customer flow serves the bundled pack again.
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    expect(db.prepare('SELECT version, source, rolled_back FROM pack WHERE pack_id = ? AND version = ?').get(bundled.id, version)).toEqual({ version, source: 'usb', rolled_back: 1 });
    expect(db.prepare('SELECT version FROM pack WHERE is_active = 1').get()).toEqual({ version: bundled.version });
  } finally {
    db.close();
  }
  await page.getByRole('button', { name: kiosk.t('admin_lock'), exact: true }).first().click();
  await kiosk.settle();
  await kiosk.start('en');
});


test(`a drive with more than ${MAX_PACK_FILES} .json files lists the first ${MAX_PACK_FILES} and says how many more it holds`, async ({ page, foreignRequests }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  const extra = Array.from({ length: MAX_PACK_FILES + 2 }, (_, i) => resolve(dirname(PACK_FILE), `survey-${String(i).padStart(2, '0')}.json`));
  try {
    mkdirSync(dirname(PACK_FILE), { recursive: true });
    // The first test's pack would take one of the places.
    rmSync(PACK_FILE, { force: true });
    for (const file of extra) writeFileSync(file, '{}');
    await openPacksPage(kiosk);
    const files = page.getByRole('button', { name: new RegExp(`^survey-\\d+\\.json ${kiosk.t('packs_on_drive', { drive: HARNESS_USB_LABEL })}$`) });
    await expect(files).toHaveCount(MAX_PACK_FILES);
    await expect(files.first()).toHaveAccessibleName(new RegExp('^survey-00\\.json'));
    await expect(page.getByText(kiosk.t('packs_more_files', { drive: HARNESS_USB_LABEL, shown: MAX_PACK_FILES, total: MAX_PACK_FILES + 2 }))).toBeVisible();
    // Tidied on the stick: Look again lists what is left, with no notice.
    for (const file of extra.slice(2)) rmSync(file);
    await kiosk.button(kiosk.t('usb_look_again')).click();
    await expect(files).toHaveCount(2);
    await expect(page.getByText(kiosk.t('packs_more_files', { drive: HARNESS_USB_LABEL, shown: MAX_PACK_FILES, total: MAX_PACK_FILES + 2 }))).toHaveCount(0);
  } finally {
    for (const file of extra) rmSync(file, { force: true });
  }
});

test('a pack whose stick is pulled out before the tap is not imported: the admin is told which drive the kiosk lost, and the pack in use stays', async ({ page, foreignRequests }) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  const usb = dirname(PACK_FILE);
  putOnStick(JSON.stringify(bundled), null);
  try {
    await openPacksPage(kiosk);
    const before = await kioskInfo(page);
    const file = page.getByRole('button', { name: new RegExp(`^card-binding\\.json ${kiosk.t('packs_on_drive', { drive: HARNESS_USB_LABEL })}$`) });
    await kiosk.button(kiosk.t('usb_look_again')).click();
    await expect(file).toBeVisible();
    await withStickPulled(usb, async () => {
      await file.click();
      await expectDriveLostNotice(kiosk, usb);
      await expect(file).toHaveCount(0);
      expect(await kioskInfo(page)).toEqual(before);
    });
  } finally {
    rmSync(PACK_FILE, { force: true });
    rmSync(SIG_FILE, { force: true });
  }
});
