/**
 * A small pack for renderer tests, in the given locale: texts are prefixed
 * with the locale so a test can see which language a screen resolved to.
 *
 *   start ── a_direct ──▶ causes [net, phone, outage]
 *         └─ a_more ────▶ detail ── d_one ──▶ causes [phone]
 *                                 └ d_two ──▶ causes [outage, net]
 */
import type { AnswerView, CauseView, ContentView, Locale, QuestionView } from '../../../../electron/api';

export function fakeContent(locale: Locale = 'en'): ContentView {
  const text = (s: string) => `${locale}:${s}`;
  const answer = (id: string, next: AnswerView['next']): AnswerView => ({ id, label: text(id), next });
  const question = (id: string, answers: AnswerView[]): QuestionView => ({ id, prompt: text(`${id}?`), hint: null, answers });
  const cause = (id: string, category: CauseView['category'], fixer: CauseView['fixer'], handoffs: CauseView['handoffs']): CauseView => ({
    id,
    category,
    fixer,
    title: text(`title ${id}`),
    summary: text(`summary ${id}`),
    steps: [
      { id: `${id}_s1`, title: text('s1'), body: text('b1'), illustration: null },
      { id: `${id}_s2`, title: text('s2'), body: text('b2'), illustration: null },
    ],
    handoffs,
    staffNote: text(`note ${id}`),
  });
  return {
    packId: 'fake',
    packVersion: '1.0.0',
    locale,
    title: text('Fake pack'),
    startQuestion: 'start',
    questions: {
      start: question('start', [answer('a_direct', { causes: ['net', 'phone', 'outage'] }), answer('a_more', { question: 'detail' })]),
      detail: question('detail', [answer('d_one', { causes: ['phone'] }), answer('d_two', { causes: ['outage', 'net'] })]),
    },
    causes: {
      net: cause('net', 'phone_and_app', 'customer', []),
      phone: cause('phone', 'bank_account', 'counter', [{ kind: 'counter', detail: text('teller updates phone'), bring: ['id_card', 'bank_card'] }]),
      outage: cause('outage', 'phone_and_app', 'wechat_pay', [
        { kind: 'retry_later', detail: text('wait an hour'), bring: [] },
        { kind: 'hotline', detail: text('ask 95017'), bring: [] },
      ]),
    },
    fallback: { title: text('We could not find it'), handoff: { kind: 'counter', detail: text('staff will look'), bring: ['id_card'] } },
  };
}

export function answerOf(content: ContentView, questionId: string, answerId: string): AnswerView {
  const found = content.questions[questionId]?.answers.find((a) => a.id === answerId);
  if (!found) throw new Error(`fake content has no answer ${questionId}/${answerId}`);
  return found;
}
