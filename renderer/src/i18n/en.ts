/**
 * English UI strings. This file defines the set of keys; the other locales
 * must provide every one of them (the `Messages` type enforces it).
 * `{name}` marks a value filled in by `LocaleManager.t`.
 * Apostrophes are ASCII: the bundled CJK font draws ’ full width ("you’ re").
 */
export const en = {
  attract_title: "WeChat Pay won't add your bank card?",
  attract_subtitle: 'Find out why and fix it in a few steps',
  attract_tap: 'Tap to start',

  language_title: 'Choose your language',

  back: 'Back',
  start_over: 'Start over',
  language_switch: 'Language',
  safety_line: 'This kiosk never asks for your PIN, card number or verification code.',
  scroll_more: 'More below',
  loading: 'Loading…',

  cause_first: 'Most likely cause',
  cause_first_of: 'Most likely cause, 1 of {total}',
  cause_next_of: 'Next likely cause, {n} of {total}',

  fixer_customer: 'You can fix this yourself',
  fixer_counter: 'The bank counter can fix this',
  fixer_issuer: "Your card's issuing bank",
  fixer_wechat_pay: 'WeChat Pay customer service',

  steps_heading: 'What to do',
  step_done: 'Done',
  step_number: 'Step {n}',

  solved_question: 'Did this solve it?',
  solved_yes: 'Yes, it works now',
  solved_no: 'No, still not working',
  other_help: 'Other help',

  handoff_counter: 'Go to the counter',
  handoff_issuer: "Call your card's bank",
  handoff_hotline: 'Contact WeChat Pay (95017)',
  handoff_retry_later: "I'll try again later",

  staff_note: 'Staff note',

  outcome_resolved_title: "It works — you're done",
  outcome_resolved_body: 'Your card is ready to use in WeChat Pay. Thank you.',
  outcome_counter_title: 'Please go to the counter',
  outcome_counter_teller: 'What the teller will do',
  outcome_detail: 'What to do',
  outcome_counter_bring: 'Please bring',
  outcome_issuer_title: 'Call the number on the back of your card',
  outcome_hotline_title: 'Contact WeChat Pay customer service, 95017',
  outcome_hotline_where: 'Or find customer service in WeChat',
  outcome_hotline_path: 'Me → Services → Wallet → Help / Customer service. The names can differ slightly between WeChat versions.',
  outcome_retry_later_title: 'Stop retrying for now',
  finish: 'Finish',

  bring_id_card: 'ID card',
  bring_bank_card: 'This bank card',
  bring_phone: 'Your phone',
  bring_passport: 'Passport',

  out_of_order_title: 'This kiosk is temporarily out of order.',
  out_of_order_body: 'Please ask at the counter.',
  error_code: 'Error code: {code}',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
/** A complete translation: every key, plain strings. */
export type Messages = Record<MessageKey, string>;
