/**
 * Whether the ids an event names are in its session's content pack.
 *
 * The session log's CHECKs keep every id a snake_case word, and the export
 * lists every id it has seen: without this a renderer that had been taken
 * over could write words of its own choosing into the statistics that leave
 * the branch. The API's write (logPackEvent in db/sessions.ts) checks each
 * event against the pack version its session started on.
 *
 * In memory, per connection: a pack version's content never changes once
 * imported (a new version is a new row; packs are never deleted, only rolled
 * back), and neither does a session's pack. So each pack's ids are read once,
 * each session's pack once, and the check on the hot path is a few Set
 * lookups: the event write stays one INSERT (bench: "event write").
 */
import type Database from 'better-sqlite3';
import type { SessionEvent } from './session-event';

/** Sessions whose pack is remembered; a kiosk sees a few hundred a day, and restarts nightly. */
const REMEMBERED_SESSIONS = 256;

interface PackIds {
  label: string;
  /** `question/answer` */
  answers: Set<string>;
  causes: Set<string>;
  /** `cause/step` */
  steps: Set<string>;
}

interface Index {
  sessions: Map<number, PackIds | null>;
  packs: Map<string, PackIds | null>;
}

const indexes = new WeakMap<Database.Database, Index>();

function packIds(db: Database.Database, index: Index, packId: string, version: string): PackIds | null {
  const key = `${packId}@${version}`;
  if (index.packs.has(key)) return index.packs.get(key)!;
  const pack = db.prepare('SELECT rowid_ AS id FROM pack WHERE pack_id = ? AND version = ?').get(packId, version) as { id: number } | undefined;
  let ids: PackIds | null = null;
  if (pack) {
    const pairs = (sql: string) => (db.prepare(sql).raw().all(pack.id) as string[][]).map((r) => r.join('/'));
    ids = {
      label: `${packId} ${version}`,
      answers: new Set(pairs('SELECT question_id, answer_id FROM answer WHERE pack = ?')),
      causes: new Set(pairs('SELECT cause_id FROM cause WHERE pack = ?')),
      steps: new Set(pairs('SELECT cause_id, step_id FROM step WHERE pack = ?')),
    };
  }
  index.packs.set(key, ids);
  return ids;
}

/** The ids of the session's pack; undefined when there is no such session, null when the store lacks its pack. */
function sessionPack(db: Database.Database, sessionId: number): PackIds | null | undefined {
  let index = indexes.get(db);
  if (!index) indexes.set(db, (index = { sessions: new Map(), packs: new Map() }));
  if (index.sessions.has(sessionId)) return index.sessions.get(sessionId)!;
  const session = db.prepare('SELECT pack_id, pack_version FROM session WHERE id = ?').get(sessionId) as { pack_id: string; pack_version: string } | undefined;
  if (!session) return undefined;
  const ids = packIds(db, index, session.pack_id, session.pack_version);
  if (index.sessions.size >= REMEMBERED_SESSIONS) index.sessions.delete(index.sessions.keys().next().value!);
  index.sessions.set(sessionId, ids);
  return ids;
}

/**
 * One line per id the session's pack does not have; empty when all are there, or when there is no such
 * session (logPackEvent then says so). A session whose pack is not in the store has nothing it may log.
 */
export function unknownEventIds(db: Database.Database, sessionId: number, event: SessionEvent): string[] {
  if (event.type === 'locale_changed' || event.type === 'accessibility_changed') return [];
  if (event.type === 'handoff_chosen' && event.causeId === null) return [];
  const pack = sessionPack(db, sessionId);
  if (pack === undefined) return [];
  if (pack === null) return [`session ${sessionId}'s content pack is not in the store`];
  switch (event.type) {
    case 'answer':
      return pack.answers.has(`${event.questionId}/${event.answerId}`) ? [] : [`answer "${event.questionId}.${event.answerId}" is not in pack ${pack.label}`];
    case 'step_viewed':
    case 'step_done':
      if (!pack.causes.has(event.causeId)) return [`cause "${event.causeId}" is not in pack ${pack.label}`];
      return pack.steps.has(`${event.causeId}/${event.stepId}`) ? [] : [`step "${event.causeId}.${event.stepId}" is not in pack ${pack.label}`];
    case 'cause_shown':
    case 'cause_result':
    case 'handoff_chosen': {
      // null: the pack's fallback hand-off, after every cause was tried.
      const cause = event.causeId;
      if (cause === null || pack.causes.has(cause)) return [];
      return [`cause "${cause}" is not in pack ${pack.label}`];
    }
  }
}
