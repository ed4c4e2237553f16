/**
 * Reads the active pack back out of SQLite, in one locale, in the shape the UI
 * renders. The UI never sees the pack JSON: only what the store holds.
 */
import type Database from 'better-sqlite3';
import type { Category, Document, Fixer, HandoffKind, Locale } from './content-schema';
import { textKey } from './content-keys';
import type { CauseView, ContentView, HandoffView, QuestionView } from './content-view';

export class NoActivePackError extends Error {
  constructor() {
    super('No content pack is active. Import a pack from the admin screen, or reinstall the kiosk.');
    this.name = 'NoActivePackError';
  }
}

interface PackRow {
  rowid_: number;
  pack_id: string;
  version: string;
  start_question: string;
  fallback_kind: HandoffKind;
  fallback_bring: string;
}

function activePack(db: Database.Database): PackRow {
  const row = db
    .prepare('SELECT rowid_, pack_id, version, start_question, fallback_kind, fallback_bring FROM pack WHERE is_active = 1')
    .get() as PackRow | undefined;
  if (!row) throw new NoActivePackError();
  return row;
}

export function readActivePackInfo(db: Database.Database): { packId: string; version: string } {
  const row = activePack(db);
  return { packId: row.pack_id, version: row.version };
}

function splitBring(bring: string): Document[] {
  return bring === '' ? [] : (bring.split(',') as Document[]);
}

export function readContentView(db: Database.Database, locale: Locale): ContentView {
  const pack = activePack(db);
  const texts = new Map(
    (db.prepare('SELECT key, body FROM text WHERE pack = ? AND locale = ?').all(pack.rowid_, locale) as { key: string; body: string }[]).map(
      (r) => [r.key, r.body] as const,
    ),
  );
  const text = (key: string): string => {
    const body = texts.get(key);
    // Import guarantees every text in every locale; a gap means the store was edited by hand.
    if (body === undefined) throw new Error(`Text "${key}" is missing for ${locale} in pack ${pack.pack_id} ${pack.version}.`);
    return body;
  };

  const causes: Record<string, CauseView> = {};
  const causeRows = db
    .prepare('SELECT cause_id, category, fixer FROM cause WHERE pack = ? ORDER BY position')
    .all(pack.rowid_) as { cause_id: string; category: Category; fixer: Fixer }[];
  const stepRows = db
    .prepare('SELECT cause_id, step_id, illustration FROM step WHERE pack = ? ORDER BY cause_id, position')
    .all(pack.rowid_) as { cause_id: string; step_id: string; illustration: string | null }[];
  const handoffRows = db
    .prepare('SELECT cause_id, position, kind, bring FROM handoff WHERE pack = ? ORDER BY cause_id, position')
    .all(pack.rowid_) as { cause_id: string; position: number; kind: HandoffKind; bring: string }[];
  for (const c of causeRows) {
    causes[c.cause_id] = {
      id: c.cause_id,
      category: c.category,
      fixer: c.fixer,
      title: text(textKey.causeTitle(c.cause_id)),
      summary: text(textKey.causeSummary(c.cause_id)),
      staffNote: text(textKey.causeStaffNote(c.cause_id)),
      steps: [],
      handoffs: [],
    };
  }
  for (const s of stepRows) {
    causes[s.cause_id]!.steps.push({
      id: s.step_id,
      title: text(textKey.stepTitle(s.cause_id, s.step_id)),
      body: text(textKey.stepBody(s.cause_id, s.step_id)),
      illustration: s.illustration,
    });
  }
  for (const h of handoffRows) {
    const view: HandoffView = { kind: h.kind, detail: text(textKey.handoffDetail(h.cause_id, h.position)), bring: splitBring(h.bring) };
    causes[h.cause_id]!.handoffs.push(view);
  }

  const questions: Record<string, QuestionView> = {};
  const questionRows = db.prepare('SELECT question_id FROM question WHERE pack = ? ORDER BY position').all(pack.rowid_) as { question_id: string }[];
  for (const q of questionRows) {
    questions[q.question_id] = {
      id: q.question_id,
      prompt: text(textKey.questionPrompt(q.question_id)),
      hint: texts.get(textKey.questionHint(q.question_id)) ?? null,
      answers: [],
    };
  }
  const answerRows = db
    .prepare('SELECT question_id, answer_id, next_question FROM answer WHERE pack = ? ORDER BY question_id, position')
    .all(pack.rowid_) as { question_id: string; answer_id: string; next_question: string | null }[];
  const rankedRows = db
    .prepare('SELECT question_id, answer_id, cause_id FROM answer_cause WHERE pack = ? ORDER BY question_id, answer_id, rank')
    .all(pack.rowid_) as { question_id: string; answer_id: string; cause_id: string }[];
  const ranked = new Map<string, string[]>();
  for (const r of rankedRows) {
    const k = `${r.question_id}\u0000${r.answer_id}`;
    const list = ranked.get(k) ?? [];
    list.push(r.cause_id);
    ranked.set(k, list);
  }
  for (const a of answerRows) {
    questions[a.question_id]!.answers.push({
      id: a.answer_id,
      label: text(textKey.answerLabel(a.question_id, a.answer_id)),
      next: a.next_question !== null ? { question: a.next_question } : { causes: ranked.get(`${a.question_id}\u0000${a.answer_id}`) ?? [] },
    });
  }

  return {
    packId: pack.pack_id,
    packVersion: pack.version,
    locale,
    title: text(textKey.packTitle()),
    startQuestion: pack.start_question,
    questions,
    causes,
    fallback: {
      title: text(textKey.fallbackTitle()),
      handoff: { kind: pack.fallback_kind, detail: text(textKey.fallbackDetail()), bring: splitBring(pack.fallback_bring) },
    },
  };
}
