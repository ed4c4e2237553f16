/**
 * The session log: one row per kiosk session, one row per event. Each write is
 * one prepared statement in its own (autocommit) transaction, so a crash or a
 * power cut loses at most the event being written; sessions a crash left open
 * are closed as `abandoned` at the next start.
 *
 * Sessions carry no personal data: events are validated against
 * SessionEventSchema (ids, enums, booleans only) and the table CHECKs repeat
 * the rule (migration 0020).
 */
import type Database from 'better-sqlite3';
import { unknownEventIds } from './event-ids';
import {
  OutcomeSchema,
  SessionEventSchema,
  StartSessionSchema,
  type Outcome,
  type SessionEvent,
  type StartSession,
} from './session-event';

export { SessionEventSchema, OutcomeSchema, OUTCOMES, type Outcome, type SessionEvent } from './session-event';

export type SessionErrorCode = 'invalid_start' | 'invalid_event' | 'invalid_outcome' | 'not_found' | 'already_ended';

export class SessionError extends Error {
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    /** For invalid_*: one line per problem, with its path. */
    readonly details: string[] = [],
  ) {
    super(details.length ? `${message}\n  ${details.join('\n  ')}` : message);
    this.name = 'SessionError';
  }
}

// The hot-path SQL, exported so a test can assert each plan (index use is a contract).
export const SESSION_SQL = {
  insertSession: `INSERT INTO session (pack_id, pack_version, assisted, start_locale, started_at) VALUES (?, ?, ?, ?, ?)`,
  // One statement: it appends only if the session exists and is still open.
  insertEvent: `
    INSERT INTO session_event (session_id, seq, at, type, question_id, answer_id, cause_id, step_id, value, flag, rank)
    SELECT s.id, coalesce((SELECT max(e.seq) FROM session_event e WHERE e.session_id = s.id), 0) + 1,
           :at, :type, :question_id, :answer_id, :cause_id, :step_id, :value, :flag, :rank
    FROM session s WHERE s.id = :session_id AND s.ended_at IS NULL`,
  sessionState: `SELECT ended_at FROM session WHERE id = ?`,
  // The final locale and the last cause shown are fixed when the session ends,
  // so statistics never have to replay events for them.
  endSession: `
    UPDATE session SET
      ended_at = max(:at, started_at),
      outcome = :outcome,
      end_locale = coalesce((SELECT e.value FROM session_event e WHERE e.session_id = session.id AND e.type = 'locale_changed'
                             ORDER BY e.seq DESC LIMIT 1), start_locale),
      last_cause = coalesce((SELECT e.cause_id FROM session_event e WHERE e.session_id = session.id AND e.type = 'cause_shown'
                             ORDER BY e.seq DESC LIMIT 1), '')
    WHERE id = :session_id AND ended_at IS NULL`,
  // A session left open ended, at the latest, with its last event (never after now).
  closeOpen: `
    UPDATE session SET
      ended_at = max(started_at, min(:now, coalesce((SELECT max(e.at) FROM session_event e WHERE e.session_id = session.id), started_at))),
      outcome = 'abandoned',
      end_locale = coalesce((SELECT e.value FROM session_event e WHERE e.session_id = session.id AND e.type = 'locale_changed'
                             ORDER BY e.seq DESC LIMIT 1), start_locale),
      last_cause = coalesce((SELECT e.cause_id FROM session_event e WHERE e.session_id = session.id AND e.type = 'cause_shown'
                             ORDER BY e.seq DESC LIMIT 1), '')
    WHERE ended_at IS NULL`,
  // The nightly restart waits for a customer mid-session (session_by_start: only the last hours are read).
  openSince: `SELECT 1 FROM session WHERE started_at >= :since AND ended_at IS NULL LIMIT 1`,
} as const;

type StatementName = keyof typeof SESSION_SQL;
const cache = new WeakMap<Database.Database, Map<StatementName, Database.Statement>>();

/** Prepared once per connection: the event write is the hottest path in the kiosk. */
function stmt(db: Database.Database, name: StatementName): Database.Statement {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let s = perDb.get(name);
  if (!s) perDb.set(name, (s = db.prepare(SESSION_SQL[name])));
  return s;
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`);
}

export interface StartSessionInput extends StartSession {
  now?: Date;
}

/** Called at the first tap. Returns the session id (local to this kiosk; never exported). */
export function startSession(db: Database.Database, input: StartSessionInput): number {
  const { now, ...rest } = input;
  const parsed = StartSessionSchema.safeParse(rest);
  if (!parsed.success) throw new SessionError('invalid_start', 'A session cannot start with these settings.', issues(parsed.error));
  const s = parsed.data;
  const info = stmt(db, 'insertSession').run(s.packId, s.packVersion, s.assisted ? 1 : 0, s.locale, (now ?? new Date()).toISOString());
  return Number(info.lastInsertRowid);
}

interface EventRow {
  question_id: string | null;
  answer_id: string | null;
  cause_id: string | null;
  step_id: string | null;
  value: string | null;
  flag: number | null;
  rank: number | null;
}

function toRow(e: SessionEvent): EventRow {
  const row: EventRow = { question_id: null, answer_id: null, cause_id: null, step_id: null, value: null, flag: null, rank: null };
  switch (e.type) {
    case 'answer':
      return { ...row, question_id: e.questionId, answer_id: e.answerId };
    case 'cause_shown':
      return { ...row, cause_id: e.causeId, rank: e.rank };
    case 'step_viewed':
      return { ...row, cause_id: e.causeId, step_id: e.stepId };
    case 'step_done':
      return { ...row, cause_id: e.causeId, step_id: e.stepId, flag: e.done ? 1 : 0 };
    case 'cause_result':
      return { ...row, cause_id: e.causeId, flag: e.helped ? 1 : 0 };
    case 'handoff_chosen':
      return { ...row, cause_id: e.causeId, value: e.kind };
    case 'locale_changed':
      return { ...row, value: e.locale };
    case 'accessibility_changed':
      return { ...row, value: e.feature, flag: e.on ? 1 : 0 };
  }
}

function explainMissing(db: Database.Database, sessionId: number, what: string): SessionError {
  const row = stmt(db, 'sessionState').get(sessionId) as { ended_at: string | null } | undefined;
  if (!row) return new SessionError('not_found', `Session ${sessionId} does not exist: cannot ${what}.`);
  return new SessionError('already_ended', `Session ${sessionId} has already ended: cannot ${what}.`);
}

/** Appends one event. Rejects anything SessionEventSchema does not allow, and events on an ended or unknown session. */
export function logEvent(db: Database.Database, sessionId: number, event: unknown, now: Date = new Date()): void {
  const parsed = SessionEventSchema.safeParse(event);
  if (!parsed.success) throw new SessionError('invalid_event', 'This event cannot be logged.', issues(parsed.error));
  const info = stmt(db, 'insertEvent').run({ session_id: sessionId, at: now.toISOString(), type: parsed.data.type, ...toRow(parsed.data) });
  if (info.changes === 0) throw explainMissing(db, sessionId, `log ${parsed.data.type}`);
}

/**
 * Appends one event as the API does: like logEvent, and only if every id it names (answer, cause, step)
 * is in the pack version its session started on, so nothing but the pack's own words reaches the log
 * and the exports. Generated test and bench data, whose packs were never imported, use logEvent.
 */
export function logPackEvent(db: Database.Database, sessionId: number, event: unknown, now: Date = new Date()): void {
  const parsed = SessionEventSchema.safeParse(event);
  if (!parsed.success) throw new SessionError('invalid_event', 'This event cannot be logged.', issues(parsed.error));
  const unknown = unknownEventIds(db, sessionId, parsed.data);
  if (unknown.length > 0) throw new SessionError('invalid_event', "This event names content its session's pack does not have.", unknown);
  const info = stmt(db, 'insertEvent').run({ session_id: sessionId, at: now.toISOString(), type: parsed.data.type, ...toRow(parsed.data) });
  if (info.changes === 0) throw explainMissing(db, sessionId, `log ${parsed.data.type}`);
}

/** Ends a session with its one outcome. Ending it again, or ending an unknown session, is an error. */
export function endSession(db: Database.Database, sessionId: number, outcome: Outcome, now: Date = new Date()): void {
  const parsed = OutcomeSchema.safeParse(outcome);
  if (!parsed.success) throw new SessionError('invalid_outcome', `"${String(outcome)}" is not an outcome.`);
  const info = stmt(db, 'endSession').run({ session_id: sessionId, at: now.toISOString(), outcome: parsed.data });
  if (info.changes === 0) throw explainMissing(db, sessionId, 'end it');
}

/**
 * For start-up: sessions still open were cut short by a crash or power cut.
 * They end as `abandoned`, at the time of their last event. Returns how many.
 */
export function closeOpenSessionsAsAbandoned(db: Database.Database, now: Date = new Date()): number {
  return stmt(db, 'closeOpen').run({ now: now.toISOString() }).changes;
}

/** How far back an open session still counts as a customer at the screen; older ones were cut short by a crash. */
export const SESSION_UNDER_WAY_MS = 2 * 3600_000;

/** True while a customer (or staff with a customer) is in a session that started within the last two hours and has not ended. */
export function sessionUnderWay(db: Database.Database, now: Date = new Date()): boolean {
  return stmt(db, 'openSince').get({ since: new Date(now.getTime() - SESSION_UNDER_WAY_MS).toISOString() }) !== undefined;
}
