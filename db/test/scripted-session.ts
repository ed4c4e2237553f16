/** Writes one session exactly as scripted, through the session-log API (for small, known datasets). */
import type Database from 'better-sqlite3';
import type { Locale } from '../content-schema';
import { endSession, logEvent, startSession } from '../sessions';
import type { Outcome, SessionEvent } from '../session-event';

export interface ScriptedSession {
  /** ISO time of the first tap, UTC. */
  start: string;
  locale?: Locale;
  assisted?: boolean;
  events?: SessionEvent[];
  /** null: leave the session open. */
  outcome: Outcome | null;
  /** From the first tap to the end. Default 90. */
  seconds?: number;
  pack?: { id: string; version: string };
}

export function logScripted(db: Database.Database, s: ScriptedSession): number {
  const start = Date.parse(s.start);
  const id = startSession(db, {
    packId: s.pack?.id ?? 'fixture_pack',
    packVersion: s.pack?.version ?? '1.0.0',
    locale: s.locale ?? 'zh-Hans',
    assisted: s.assisted ?? false,
    now: new Date(start),
  });
  (s.events ?? []).forEach((e, i) => logEvent(db, id, e, new Date(start + (i + 1) * 1000)));
  if (s.outcome) endSession(db, id, s.outcome, new Date(start + (s.seconds ?? 90) * 1000));
  return id;
}
