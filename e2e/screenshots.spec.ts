/**
 * Takes the README's screenshots of one walk through the kiosk, in each
 * orientation, and checks each screen as it goes.
 */
import { resolve } from 'node:path';
import { test, expect } from './fixtures';
import { KioskPage } from './kiosk-page';

const OUT = resolve(__dirname, '..', 'docs', 'screenshots');

test('a walk to the counter, captured for the README', async ({ page, foreignRequests, expectAccessible }, testInfo) => {
  void foreignRequests;
  const kiosk = new KioskPage(page);
  const shot = async (name: string) => {
    await expectAccessible(page, name);
    await page.screenshot({ path: `${OUT}/${testInfo.project.name}-${name}.png`, animations: 'disabled' });
  };
  await kiosk.open();
  await shot('attract');
  await kiosk.start('zh-Hans');
  await kiosk.answer('card_origin', 'mainland_card');
  await kiosk.expectQuestion('what_happens');
  await shot('question');
  await kiosk.answer('what_happens', 'phone_or_sms');
  await kiosk.expectQuestion('sms_problem');
  await kiosk.answer('sms_problem', 'phone_mismatch_msg');
  await kiosk.expectCause('reserved_phone_mismatch');
  await shot('cause');
  await kiosk.switchLanguage('en');
  await kiosk.expectCause('reserved_phone_mismatch');
  await shot('cause-en');
  await kiosk.button(kiosk.t('handoff_counter')).click();
  await expect(kiosk.heading).toHaveText(kiosk.t('outcome_counter_title'));
  await shot('outcome-counter');
});
