/**
 * A customer's walks through the kiosk, start to outcome, in a real browser
 * against the harness (real SQLite store, the bundled pack). Every screen is
 * checked with axe, and no request may leave the app's origin.
 */
import { test, expect } from './fixtures';
import { KioskPage } from './kiosk-page';

test.describe('a customer at the kiosk', () => {
  test('fixes a network problem alone, in 简体中文', async ({ page, foreignRequests, expectAccessible }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await expectAccessible(page, 'attract');
    await kiosk.start('zh-Hans');
    await expectAccessible(page, 'first question');
    await kiosk.walk([
      ['card_origin', 'mainland_card'],
      ['what_happens', 'page_wont_load'],
      ['app_or_network', 'other_apps_slow'],
    ]);
    await kiosk.expectCause('network_unstable');
    await expect(page.getByText(kiosk.t('fixer_customer'))).toBeVisible();
    await expect(page.getByText(kiosk.t('cause_first_of', { total: 3 }))).toBeVisible();
    for (const title of kiosk.stepTitles('network_unstable')) await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
    await expectAccessible(page, 'cause');

    const doneButtons = page.getByRole('main').getByRole('button', { name: new RegExp(kiosk.t('step_done')) });
    await expect(doneButtons).toHaveCount(kiosk.stepTitles('network_unstable').length);
    await doneButtons.first().click();
    await expect(doneButtons.first()).toHaveAttribute('aria-pressed', 'true');

    await kiosk.button(kiosk.t('solved_yes')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_resolved_title'));
    await expectAccessible(page, 'outcome resolved');
    await kiosk.settle();
    await kiosk.button(kiosk.t('finish')).click();
    await expect(page.getByRole('button', { name: /轻触屏幕开始/ })).toBeVisible();
  });

  test('is sent to the counter for an outdated reserved phone number, told what the teller does and what to bring', async ({
    page,
    foreignRequests,
    expectAccessible,
  }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('en');
    await kiosk.walk([
      ['card_origin', 'mainland_card'],
      ['what_happens', 'phone_or_sms'],
      ['sms_problem', 'phone_mismatch_msg'],
    ]);
    await kiosk.expectCause('reserved_phone_mismatch');
    await expect(page.getByText(kiosk.t('fixer_counter'))).toBeVisible();
    await kiosk.button(kiosk.t('handoff_counter')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
    await expect(page.getByText(kiosk.handoffDetail('reserved_phone_mismatch', 'counter'))).toBeVisible();
    const bring = page.getByRole('region', { name: kiosk.t('outcome_counter_bring') });
    await expect(bring).toContainText(kiosk.t('bring_id_card'));
    await expect(bring).toContainText(kiosk.t('bring_bank_card'));
    await expectAccessible(page, 'outcome counter');
  });

  test('with a foreign card is sent to the card issuer, not the branch', async ({ page, foreignRequests, expectAccessible }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('en');
    await kiosk.walk([
      ['card_origin', 'foreign_card'],
      ['foreign_card_what', 'declined_or_unsupported'],
    ]);
    await kiosk.expectCause('foreign_card_declined_or_unsupported');
    await expect(page.getByText(kiosk.t('fixer_issuer'))).toBeVisible();
    await kiosk.button(kiosk.t('handoff_issuer')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_issuer_title'));
    await expect(page.getByText(kiosk.handoffDetail('foreign_card_declined_or_unsupported', 'issuer'))).toBeVisible();
    await expectAccessible(page, 'outcome issuer');
  });

  test('is told to stop retrying, or to call 95017, when WeChat Pay has paused the account', async ({ page, foreignRequests, expectAccessible }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('zh-Hant');
    await kiosk.walk([
      ['card_origin', 'mainland_card'],
      ['what_happens', 'too_many_or_risk'],
      ['busy_or_risk', 'tried_many_times'],
    ]);
    await kiosk.expectCause('too_many_attempts_risk_control');
    await kiosk.button(kiosk.t('handoff_retry_later')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_retry_later_title'));
    await expect(page.getByText(kiosk.handoffDetail('too_many_attempts_risk_control', 'retry_later'))).toBeVisible();
    await expectAccessible(page, 'outcome retry later');
    await kiosk.settle();
    await kiosk.tapTopBar('back');
    await kiosk.expectCause('too_many_attempts_risk_control');
    await kiosk.button(kiosk.t('handoff_hotline')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_hotline_title'));
    await expect(page.getByRole('main')).toContainText('95017');
    await expectAccessible(page, 'outcome hotline');
  });

  test('whose problem persists is offered the next likely cause, then the counter', async ({ page, foreignRequests, expectAccessible }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('en');
    await kiosk.walk([
      ['card_origin', 'mainland_card'],
      ['what_happens', 'page_wont_load'],
      ['app_or_network', 'cant_find_entry'],
    ]);
    await kiosk.expectCause('wechat_app_outdated_or_glitch');
    await kiosk.button(kiosk.t('solved_no')).click();
    await kiosk.expectCause('network_unstable');
    await expect(page.getByText(kiosk.t('cause_next_of', { n: 2, total: 2 }))).toBeVisible();
    await kiosk.button(kiosk.t('solved_no')).click();
    await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
    await expect(page.getByText(kiosk.fallback.handoff.detail.en)).toBeVisible();
    await expectAccessible(page, 'fallback outcome');
  });

  test('switches language mid-flow and keeps their place and ticked steps', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('zh-Hans');
    await kiosk.walk([
      ['card_origin', 'mainland_card'],
      ['what_happens', 'card_message'],
    ]);
    await kiosk.expectQuestion('card_problem');
    await kiosk.switchLanguage('en');
    await kiosk.expectQuestion('card_problem');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await kiosk.answer('card_problem', 'not_activated');
    await kiosk.expectCause('card_not_activated');
    const done = page.getByRole('main').getByRole('button', { name: new RegExp(kiosk.t('step_done')) });
    await done.nth(1).click();
    await kiosk.switchLanguage('zh-Hant');
    await kiosk.expectCause('card_not_activated');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
    const doneZh = page.getByRole('main').getByRole('button', { name: new RegExp(kiosk.t('step_done')) });
    await expect(doneZh.nth(1)).toHaveAttribute('aria-pressed', 'true');
    await expect(doneZh.nth(0)).toHaveAttribute('aria-pressed', 'false');
    await kiosk.tapTopBar('back');
    await kiosk.expectQuestion('card_problem');
  });

  /** Two ways out for a customer who walks away mid-way; neither may leave their ticks or language behind. */
  const WAYS_OUT: readonly (readonly [string, (kiosk: KioskPage) => Promise<void>])[] = [
    ['starts over from anywhere', (kiosk) => kiosk.tapTopBar('start_over')],
    [
      'backs out to the start screen',
      async (kiosk) => {
        // Back from the cause, the three questions and the language screen.
        for (let i = 0; i < 5; i++) {
          await kiosk.settle();
          await kiosk.tapTopBar('back');
        }
      },
    ],
  ];
  for (const [how, leave] of WAYS_OUT) {
    test(`${how} and leaves no trace for the next person`, async ({ page, foreignRequests }) => {
      void foreignRequests;
      const kiosk = new KioskPage(page);
      const toCause = async () => {
        await kiosk.start('en');
        await kiosk.walk([['card_origin', 'mainland_card'], ['what_happens', 'name_or_id'], ['identity_msg', 'card_not_mine']]);
        await kiosk.expectCause('realname_not_own_card');
      };
      await kiosk.open();
      await toCause();
      await page.getByRole('main').getByRole('button', { name: new RegExp(kiosk.t('step_done')) }).first().click();
      await leave(kiosk);
      await expect(page.getByRole('button', { name: /轻触屏幕开始/ })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
      await kiosk.settle();
      // The next customer starts fresh: first question, then the same cause with nothing ticked.
      await toCause();
      const pressed = page.getByRole('main').getByRole('button', { name: new RegExp(kiosk.t('step_done')), pressed: true });
      await expect(pressed).toHaveCount(0);
    });
  }

  test('sees "More below" under a long screen, never over its buttons', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('en');
    await kiosk.walk([['card_origin', 'mainland_card'], ['what_happens', 'phone_or_sms'], ['sms_problem', 'phone_mismatch_msg']]);
    await kiosk.expectCause('reserved_phone_mismatch');
    const hint = page.getByRole('button', { name: kiosk.t('scroll_more') });
    await expect(hint).toBeVisible();
    const main = page.getByRole('main');
    const hintBox = (await hint.boundingBox())!;
    const mainBox = (await main.boundingBox())!;
    expect(hintBox.y).toBeGreaterThanOrEqual(mainBox.y + mainBox.height - 1);
    const before = await main.evaluate((el) => el.scrollTop);
    // It nudges up and down for attention, so it is never "stable" for Playwright's click.
    await hint.click({ force: true });
    await expect.poll(() => main.evaluate((el) => el.scrollTop)).toBeGreaterThan(before);
    // At the bottom the hint goes, and the screen does not jump: its row stays.
    await main.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(hint).toHaveCount(0);
    expect((await main.boundingBox())!.height).toBe(mainBox.height);
  });

  test('is told at the door, in all three languages, that the kiosk never asks for a PIN; then in their own', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    const footer = page.getByRole('contentinfo');
    for (const locale of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      kiosk.locale = locale;
      await expect(footer.locator(`[lang="${locale}"]`)).toHaveText(kiosk.t('safety_line'));
    }
    // All of it fits: the start button is clear of every title line.
    const button = (await page.locator('.cta').boundingBox())!;
    for (const title of await page.locator('.titles > *').all()) {
      const box = (await title.boundingBox())!;
      expect(box.y + box.height, await title.innerText()).toBeLessThanOrEqual(button.y);
    }
    await kiosk.start('en');
    await expect(footer).toHaveText(kiosk.t('safety_line'));
  });

  test('has no text input anywhere and only large touch targets', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const kiosk = new KioskPage(page);
    await kiosk.open();
    await kiosk.start('en');
    await kiosk.walk([['card_origin', 'mainland_card'], ['what_happens', 'phone_or_sms'], ['sms_problem', 'phone_mismatch_msg']]);
    await kiosk.expectCause('reserved_phone_mismatch');
    await expect(page.locator('input, textarea, select, [contenteditable]')).toHaveCount(0);
    const small = await page.getByRole('button').evaluateAll((buttons) =>
      buttons
        .map((b) => ({ name: b.textContent?.trim() ?? '', box: b.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 64 || box.height < 64)
        .map(({ name, box }) => `${name} ${Math.round(box.width)}x${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(sideways).toBe(false);
    // A scrollbar would be a target a few pixels wide: every scrolling area draws none.
    const withScrollbar = await page.evaluate(() =>
      Array.from(document.querySelectorAll('*'))
        .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY) && getComputedStyle(el).scrollbarWidth !== 'none')
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    );
    expect(withScrollbar).toEqual([]);
  });
});
