/**
 * One simulated customer, as the renderer would report it: the language, the
 * events in order and the outcome. Seeded (mulberry32 from generate-sessions),
 * walks the real pack the way customers do.
 */
import type { Locale, Pack } from '../../db/content-schema';
import type { Outcome, SessionEvent } from '../../db/session-event';

export interface WalkedSession {
  locale: Locale;
  events: SessionEvent[];
  outcome: Outcome;
}

const HANDOFF_OUTCOME = { counter: 'escalated_counter', issuer: 'escalated_issuer', hotline: 'escalated_hotline', retry_later: 'retry_later' } as const;
const LOCALES: readonly Locale[] = ['zh-Hans', 'zh-Hant', 'en'];

export function walker(pack: Pack, rand: () => number): () => WalkedSession {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const questions = new Map(pack.questions.map((q) => [q.id, q]));
  const causes = new Map(pack.causes.map((c) => [c.id, c]));
  return () => {
    const locale: Locale = chance(0.7) ? 'zh-Hans' : chance(0.5) ? 'zh-Hant' : 'en';
    const events: SessionEvent[] = [];
    const done = (outcome: Outcome): WalkedSession => ({ locale, events, outcome });
    if (chance(0.08)) events.push({ type: 'locale_changed', locale: pick(LOCALES.filter((l) => l !== locale)) });
    if (chance(0.05)) events.push({ type: 'accessibility_changed', feature: 'large_text', on: true });
    let question = questions.get(pack.startQuestion)!;
    for (;;) {
      if (chance(0.04)) return done(chance(0.5) ? 'abandoned' : 'timeout');
      const answer = pick(question.answers);
      events.push({ type: 'answer', questionId: question.id, answerId: answer.id });
      if ('question' in answer.next) {
        question = questions.get(answer.next.question)!;
        continue;
      }
      for (const [rank, causeId] of answer.next.causes.entries()) {
        const cause = causes.get(causeId)!;
        events.push({ type: 'cause_shown', causeId, rank });
        for (const step of cause.steps) {
          events.push({ type: 'step_viewed', causeId, stepId: step.id });
          if (chance(0.7)) events.push({ type: 'step_done', causeId, stepId: step.id, done: true });
        }
        const helped = chance(cause.fixer === 'customer' ? 0.55 : 0.2);
        events.push({ type: 'cause_result', causeId, helped });
        if (helped) return done('resolved');
        const handoff = cause.handoffs[0];
        if (handoff && chance(0.5)) {
          events.push({ type: 'handoff_chosen', causeId, kind: handoff.kind });
          return done(HANDOFF_OUTCOME[handoff.kind]);
        }
      }
      const fallback = pack.fallback.handoff.kind;
      events.push({ type: 'handoff_chosen', causeId: null, kind: fallback });
      return done(HANDOFF_OUTCOME[fallback]);
    }
  };
}
