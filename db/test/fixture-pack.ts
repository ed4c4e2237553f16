/**
 * A small, valid pack for tests of the engine (not of the real content):
 * two questions, three causes. Tests clone it and break one thing at a time.
 */
import type { Pack } from '../content-schema';

const t = (en: string) => ({ 'zh-Hans': `简:${en}`, 'zh-Hant': `繁:${en}`, en });

export function fixturePack(): Pack {
  return {
    schemaVersion: 1,
    id: 'fixture_pack',
    version: '1.0.0',
    title: t('Fixture pack'),
    locales: ['zh-Hans', 'zh-Hant', 'en'],
    startQuestion: 'start',
    questions: [
      {
        id: 'start',
        prompt: t('What happens?'),
        hint: t('Pick one'),
        answers: [
          { id: 'no_load', label: t('Nothing loads'), next: { causes: ['network', 'outage'] } },
          { id: 'message', label: t('A message'), next: { question: 'which_message' } },
        ],
      },
      {
        id: 'which_message',
        prompt: t('Which message?'),
        answers: [
          { id: 'phone', label: t('Phone number'), next: { causes: ['reserved_phone', 'network'] } },
          { id: 'busy', label: t('Busy'), next: { causes: ['outage'] } },
        ],
      },
    ],
    causes: [
      {
        id: 'network',
        category: 'phone_and_app',
        fixer: 'customer',
        title: t('Weak network'),
        summary: t('The phone is offline'),
        steps: [
          { id: 'switch', title: t('Switch network'), body: t('Try mobile data') },
          { id: 'retry', title: t('Retry'), body: t('Start again') },
        ],
        handoffs: [],
        staffNote: t('Check the signal'),
      },
      {
        id: 'reserved_phone',
        category: 'bank_account',
        fixer: 'counter',
        title: t('Old phone number'),
        summary: t('The bank has another number'),
        steps: [{ id: 'go', title: t('Go to the counter'), body: t('Bring your ID') }],
        handoffs: [{ kind: 'counter', detail: t('The teller updates your number'), bring: ['id_card', 'bank_card'] }],
        staffNote: t('Update the reserved number'),
      },
      {
        id: 'outage',
        category: 'phone_and_app',
        fixer: 'customer',
        title: t('Service busy'),
        summary: t('Try later'),
        steps: [{ id: 'wait', title: t('Wait'), body: t('Try again later') }],
        handoffs: [{ kind: 'retry_later', detail: t('Try again in a few hours') }],
        staffNote: t('Nothing to do'),
      },
    ],
    fallback: { title: t('Please ask at the counter'), handoff: { kind: 'counter', detail: t('The teller checks your card'), bring: ['id_card', 'bank_card'] } },
  };
}
