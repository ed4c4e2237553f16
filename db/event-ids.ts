/**
 * Which of the ids an event names are not in its session's content pack: what
 * the API's write (logPackEvent in db/sessions.ts, one statement that checks
 * and appends) says when it has refused an event.
 *
 * The session log's CHECKs keep every id a snake_case word, and the export
 * lists every id it has seen: without the check a renderer that had been taken
 * over could write words of its own choosing into the statistics that leave
 * the branch. Each event is checked against the pack version its session
 * started on, which the store keeps for as long as the kiosk runs (packs are
 * never deleted, only rolled back).
 */
import type Database from 'better-sqlite3';
import type { SessionEvent } from './session-event';

export const EVENT_IDS_SQL = `
  SELECT
    (:question_id IS NULL OR EXISTS (SELECT 1 FROM answer a WHERE a.pack = p.rowid_ AND a.question_id = :question_id AND a.answer_id = :answer_id)) AS answer_known,
    (:cause_id IS NULL OR EXISTS (SELECT 1 FROM cause c WHERE c.pack = p.rowid_ AND c.cause_id = :cause_id)) AS cause_known,
    (:step_id IS NULL OR EXISTS (SELECT 1 FROM step st WHERE st.pack = p.rowid_ AND st.cause_id = :cause_id AND st.step_id = :step_id)) AS step_known,
    p.pack_id || ' ' || p.version AS pack
  FROM session s JOIN pack p ON p.pack_id = s.pack_id AND p.version = s.pack_version
  WHERE s.id = :session_id`;

const cache = new WeakMap<Database.Database, Database.Statement>();

interface Ids {
  question_id: string | null;
  answer_id: string | null;
  cause_id: string | null;
  step_id: string | null;
}

function idsOf(event: SessionEvent): Ids {
  const ids: Ids = { question_id: null, answer_id: null, cause_id: null, step_id: null };
  switch (event.type) {
    case 'answer':
      return { ...ids, question_id: event.questionId, answer_id: event.answerId };
    case 'step_viewed':
    case 'step_done':
      return { ...ids, cause_id: event.causeId, step_id: event.stepId };
    case 'cause_shown':
    case 'cause_result':
    case 'handoff_chosen':
      return { ...ids, cause_id: event.causeId };
    case 'locale_changed':
    case 'accessibility_changed':
      return ids;
  }
}

/**
 * One line per id the session's pack does not have; empty when all are there, or when there is no
 * session (or pack) to check against: logPackEvent then says what is wrong.
 */
export function unknownEventIds(db: Database.Database, sessionId: number, event: SessionEvent): string[] {
  const ids = idsOf(event);
  if (ids.question_id === null && ids.cause_id === null) return [];
  let statement = cache.get(db);
  if (!statement) cache.set(db, (statement = db.prepare(EVENT_IDS_SQL)));
  const row = statement.get({ session_id: sessionId, ...ids }) as { answer_known: number; cause_known: number; step_known: number; pack: string } | undefined;
  if (!row) return [];
  const problems: string[] = [];
  if (!row.answer_known) problems.push(`answer "${ids.question_id}.${ids.answer_id}" is not in pack ${row.pack}`);
  if (!row.cause_known) problems.push(`cause "${ids.cause_id}" is not in pack ${row.pack}`);
  else if (!row.step_known) problems.push(`step "${ids.cause_id}.${ids.step_id}" is not in pack ${row.pack}`);
  return problems;
}
