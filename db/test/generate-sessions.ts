/**
 * Seeded, deterministic kiosk traffic for tests and benchmarks: N sessions
 * that walk a content pack the way customers do (answers, ranked causes,
 * steps, results, hand-offs, language and accessibility changes), written
 * through the real session-log API. Same seed, same pack, same options: the
 * same rows, byte for byte.
 */
import type Database from 'better-sqlite3';
import type { Pack } from '../content-schema';
import { LOCALES, type Locale } from '../content-schema';
import { addDays } from '../days';
import { endSession, logEvent, startSession } from '../sessions';
import type { Outcome, SessionEvent } from '../session-event';

export interface GenerateOptions {
  pack: Pack;
  sessions: number;
  /** First UTC day; sessions spread evenly-at-random over `days` days. */
  from: string;
  days: number;
  seed?: number;
  /** Sessions per transaction (speed only; each session's writes are the API's). */
  batch?: number;
}

export interface GenerateResult {
  sessions: number;
  events: number;
}

/** mulberry32: small, fast, good enough for test traffic; never for anything secret. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HANDOFF_OUTCOME = { counter: 'escalated_counter', issuer: 'escalated_issuer', hotline: 'escalated_hotline', retry_later: 'retry_later' } as const;

export function generateSessions(db: Database.Database, options: GenerateOptions): GenerateResult {
  const rand = prng(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const questions = new Map(options.pack.questions.map((q) => [q.id, q]));
  const causes = new Map(options.pack.causes.map((c) => [c.id, c]));
  const batch = options.batch ?? 500;
  let events = 0;

  const one = () => {
    const day = addDays(options.from, Math.floor(rand() * options.days));
    // Branch hours 09:00-17:00 in China = 01:00-09:00 UTC.
    let t = Date.parse(`${day}T01:00:00.000Z`) + Math.floor(rand() * 8 * 3600_000);
    const startLocale: Locale = chance(0.7) ? 'zh-Hans' : chance(0.5) ? 'zh-Hant' : 'en';
    const id = startSession(db, {
      packId: options.pack.id,
      packVersion: options.pack.version,
      locale: startLocale,
      assisted: chance(0.15),
      now: new Date(t),
    });
    const log = (e: SessionEvent) => {
      t += 2000 + Math.floor(rand() * (chance(0.1) ? 120_000 : 25_000));
      logEvent(db, id, e, new Date(t));
      events++;
    };
    const end = (outcome: Outcome) => {
      t += 1000 + Math.floor(rand() * 10_000);
      endSession(db, id, outcome, new Date(t));
    };
    const leaves = () => chance(0.04);

    if (chance(0.08)) log({ type: 'locale_changed', locale: pick(LOCALES.filter((l) => l !== startLocale)) });
    if (chance(0.05)) log({ type: 'accessibility_changed', feature: 'large_text', on: true });
    if (chance(0.02)) log({ type: 'accessibility_changed', feature: 'high_contrast', on: true });
    if (chance(0.02)) log({ type: 'accessibility_changed', feature: 'read_aloud', on: true });

    let question = questions.get(options.pack.startQuestion)!;
    for (;;) {
      if (leaves()) return end(chance(0.5) ? 'abandoned' : 'timeout');
      const answer = pick(question.answers);
      log({ type: 'answer', questionId: question.id, answerId: answer.id });
      if ('question' in answer.next) {
        question = questions.get(answer.next.question)!;
        continue;
      }
      const ranked = answer.next.causes;
      for (const [rank, causeId] of ranked.entries()) {
        const cause = causes.get(causeId)!;
        log({ type: 'cause_shown', causeId, rank });
        for (const step of cause.steps) {
          if (leaves()) return end(chance(0.5) ? 'abandoned' : 'timeout');
          log({ type: 'step_viewed', causeId, stepId: step.id });
          if (chance(0.7)) log({ type: 'step_done', causeId, stepId: step.id, done: true });
          if (chance(0.05)) log({ type: 'step_done', causeId, stepId: step.id, done: false });
        }
        const helped = chance(cause.fixer === 'customer' ? 0.55 : 0.2);
        log({ type: 'cause_result', causeId, helped });
        if (helped) return end('resolved');
        const handoff = cause.handoffs[0];
        if (handoff && chance(0.5)) {
          log({ type: 'handoff_chosen', causeId, kind: handoff.kind });
          return end(HANDOFF_OUTCOME[handoff.kind]);
        }
      }
      const fallback = options.pack.fallback.handoff.kind;
      log({ type: 'handoff_chosen', causeId: null, kind: fallback });
      return end(HANDOFF_OUTCOME[fallback]);
    }
  };

  const run = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) one();
  });
  for (let done = 0; done < options.sessions; done += batch) run(Math.min(batch, options.sessions - done));
  return { sessions: options.sessions, events };
}
