/**
 * Drives the kiosk like a customer: taps by the words on the screen, in the
 * language currently shown, looked up from the same pack and UI strings the
 * kiosk uses (so a content edit does not break the tests, a broken UI does).
 */
import { renameSync } from 'node:fs';
import type { Page, Locator } from '@playwright/test';
import { expect } from './fixtures';
import pack from '../db/content/card-binding.json';
import { en } from '../renderer/src/i18n/en';
import { zhHans } from '../renderer/src/i18n/zh-Hans';
import { zhHant } from '../renderer/src/i18n/zh-Hant';
import type { Locale } from '../electron/api';
import type { Messages, MessageKey } from '../renderer/src/i18n/en';

export const UI: Record<Locale, Messages> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };
export const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

type Localized = Record<Locale, string>;
const questions = new Map(pack.questions.map((q) => [q.id, q]));
const causes = new Map(pack.causes.map((c) => [c.id, c]));

/** Taps that land within this long of a screen change are ignored by design (double-tap guard). */
const SETTLE_MS = 400;

export class KioskPage {
  locale: Locale = 'zh-Hans';

  constructor(readonly page: Page) {}

  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return UI[this.locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  button(name: string): Locator {
    return this.page.getByRole('main').getByRole('button', { name, exact: true });
  }

  async settle(): Promise<void> {
    await this.page.waitForTimeout(SETTLE_MS);
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('button', { name: new RegExp(UI['zh-Hans'].attract_tap) })).toBeVisible();
    // The attract screen is painted from the prerendered HTML; gestures (the staff long press) need the app.
    await expect(this.page.locator('html')).toHaveAttribute('data-app', 'running');
    await this.settle();
  }

  async start(locale: Locale): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(UI['zh-Hans'].attract_tap) }).click();
    await expect(this.button(LANGUAGE_NAMES[locale])).toBeVisible();
    await this.settle();
    await this.button(LANGUAGE_NAMES[locale]).click();
    this.locale = locale;
    await this.expectQuestion(pack.startQuestion);
  }

  async expectQuestion(id: string): Promise<void> {
    const q = questions.get(id);
    if (!q) throw new Error(`no question ${id} in the pack`);
    await expect(this.heading).toHaveText((q.prompt as Localized)[this.locale]);
    await this.settle();
  }

  async answer(questionId: string, answerId: string): Promise<void> {
    const a = questions.get(questionId)?.answers.find((x) => x.id === answerId);
    if (!a) throw new Error(`no answer ${questionId}.${answerId} in the pack`);
    await this.button((a.label as Localized)[this.locale]).click();
  }

  /** Answers a path of [questionId, answerId] pairs, checking each question as it appears. */
  async walk(path: readonly (readonly [string, string])[]): Promise<void> {
    for (const [q, a] of path) {
      await this.expectQuestion(q);
      await this.answer(q, a);
    }
  }

  causeTitle(id: string): string {
    const c = causes.get(id);
    if (!c) throw new Error(`no cause ${id} in the pack`);
    return (c.title as Localized)[this.locale];
  }

  async expectCause(id: string): Promise<void> {
    await expect(this.heading).toHaveText(this.causeTitle(id));
    await this.settle();
  }

  stepTitles(causeId: string): string[] {
    return causes.get(causeId)!.steps.map((s) => (s.title as Localized)[this.locale]);
  }

  handoffDetail(causeId: string, kind: string): string {
    const h = causes.get(causeId)!.handoffs.find((x) => x.kind === kind);
    if (!h) throw new Error(`cause ${causeId} has no ${kind} hand-off`);
    return (h.detail as Localized)[this.locale];
  }

  get fallback() {
    return pack.fallback;
  }

  async switchLanguage(locale: Locale): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: LANGUAGE_NAMES[locale], exact: true }).click();
    this.locale = locale;
  }

  async tapTopBar(key: 'back' | 'start_over'): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: this.t(key), exact: true }).click();
  }
}

// ---- accessibility panel and hand-over (issues 4 and 5) ----

/** The three switches of the accessibility panel, by their label key. */
export type AccessToggle = 'a11y_large_text' | 'a11y_high_contrast' | 'a11y_read_aloud';

export class AccessPanel {
  constructor(readonly kiosk: KioskPage) {}

  get dialog(): Locator {
    return this.kiosk.page.getByRole('dialog', { name: this.kiosk.t('a11y_title') });
  }

  /** Opens the panel from the top bar's "Aa" button. */
  async open(): Promise<void> {
    await this.kiosk.page.getByRole('banner').getByRole('button', { name: this.kiosk.t('a11y_button') }).click();
    await expect(this.dialog).toBeVisible();
  }

  toggle(key: AccessToggle): Locator {
    return this.dialog.getByRole('switch', { name: this.kiosk.t(key) });
  }

  async turnOn(key: AccessToggle): Promise<void> {
    await this.toggle(key).click();
    await expect(this.toggle(key)).toHaveAttribute('aria-checked', 'true');
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: this.kiosk.t('close') }).click();
    await expect(this.dialog).toBeHidden();
  }
}

/** The attract screen's call to action (always in Simplified Chinese first). */
export function attractButton(page: Page): Locator {
  return page.getByRole('button', { name: new RegExp(UI['zh-Hans'].attract_tap) });
}

/** Every font face of the page once its fonts are settled, as "family weight status", sorted. */
export async function fontFacesOf(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const faces: string[] = [];
    document.fonts.forEach((face) => faces.push(`${face.family.replace(/["']/g, '')} ${face.weight} ${face.status}`));
    return faces.sort();
  });
}

// ---- staff and admin unlock (the hidden gesture and the PIN pad) ----

/** The hidden gesture: a 2-second press in the attract screen's top-left corner. */
export async function longPressCorner(page: Page): Promise<void> {
  await page.mouse.move(40, 40);
  await page.mouse.down();
  await page.waitForTimeout(2300);
  await page.mouse.up();
  // The click that follows a lifted finger is swallowed by design; let it pass.
  await page.waitForTimeout(300);
}

/** Types a PIN on the PIN pad and confirms it. */
export async function typePin(kiosk: KioskPage, pin: string): Promise<void> {
  for (const digit of pin) await kiosk.button(digit).click();
  await kiosk.button(kiosk.t('pin_ok')).click();
}

/** A tile on the admin home, by its label (its name is the label, a space, then its note). */
export function adminTile(kiosk: KioskPage, key: Parameters<KioskPage['t']>[0]): Locator {
  const label = kiosk.t(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return kiosk.page.getByRole('button', { name: new RegExp(`^${label} `) });
}

/** Opens the kiosk and unlocks it as admin, ending on the admin home. */
export async function unlockAsAdmin(kiosk: KioskPage, adminPin: string): Promise<void> {
  await kiosk.open();
  await longPressCorner(kiosk.page);
  await expect(kiosk.button(kiosk.t('pin_ok'))).toBeVisible();
  await typePin(kiosk, adminPin);
  await expect(adminTile(kiosk, 'tile_export')).toBeVisible();
}

/** Runs `act` with the harness's stick pulled out (its folder moved aside), then plugs it back in. */
export async function withStickPulled(usbDir: string, act: () => Promise<void>): Promise<void> {
  const pulled = `${usbDir}-pulled`;
  renameSync(usbDir, pulled);
  try {
    await act();
  } finally {
    renameSync(pulled, usbDir);
  }
}

/** The notice for a drive the kiosk lost, and under it, for branch IT, what the kiosk saw: which drive, not plugged in. */
export async function expectDriveLostNotice(kiosk: KioskPage, usbDir: string): Promise<void> {
  const notice = kiosk.page.getByRole('alert').filter({ hasText: kiosk.t('usb_gone') });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(`The USB drive ${usbDir} is not connected any more.`);
}
