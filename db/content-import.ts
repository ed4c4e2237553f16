/**
 * Imports a validated content pack into the store, normalized, in one
 * transaction: a pack that fails anywhere changes nothing and the active pack
 * keeps serving.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { LOCALES, type LocalizedText, type Pack } from './content-schema';
import { textKey } from './content-keys';
import { validatePack, type PackProblem } from './validate-pack';
import bundledPack from './content/card-binding.json';
import { compareVersions } from './pack-version';

export type ImportResult =
  | { ok: true; packId: string; version: string; activated: boolean }
  | { ok: false; problems: PackProblem[] };

export interface ImportOptions {
  /** Make the new pack the one the UI reads. Default true. */
  activate?: boolean;
  /** Clock for the imported_at stamp (tests). */
  now?: () => Date;
}

export function importPack(db: Database.Database, input: unknown, options: ImportOptions = {}): ImportResult {
  const validation = validatePack(input);
  if (!validation.ok) return { ok: false, problems: validation.problems };
  const pack = validation.pack;
  const exists = db.prepare('SELECT 1 FROM pack WHERE pack_id = ? AND version = ?').get(pack.id, pack.version);
  if (exists) {
    return { ok: false, problems: [{ path: 'version', message: `pack "${pack.id}" version ${pack.version} is already imported; raise the version` }] };
  }
  const activate = options.activate ?? true;
  const now = (options.now ?? (() => new Date()))();
  db.transaction(() => writePack(db, pack, activate, now))();
  return { ok: true, packId: pack.id, version: pack.version, activated: activate };
}

function sha256(pack: Pack): string {
  return createHash('sha256').update(JSON.stringify(pack)).digest('hex');
}

function writePack(db: Database.Database, pack: Pack, activate: boolean, now: Date): void {
  if (activate) db.prepare('UPDATE pack SET is_active = 0 WHERE is_active = 1').run();
  const packRow = Number(
    db
      .prepare(
        `INSERT INTO pack (pack_id, version, sha256, imported_at, start_question, fallback_kind, fallback_bring, is_active)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        pack.id,
        pack.version,
        sha256(pack),
        now.toISOString(),
        pack.startQuestion,
        pack.fallback.handoff.kind,
        pack.fallback.handoff.kind === 'counter' ? pack.fallback.handoff.bring.join(',') : '',
        activate ? 1 : 0,
      ).lastInsertRowid,
  );

  const insertText = db.prepare('INSERT INTO text (pack, locale, key, body) VALUES (?, ?, ?, ?)');
  const putText = (key: string, text: LocalizedText): void => {
    for (const locale of LOCALES) insertText.run(packRow, locale, key, text[locale]);
  };
  putText(textKey.packTitle(), pack.title);
  putText(textKey.fallbackTitle(), pack.fallback.title);
  putText(textKey.fallbackDetail(), pack.fallback.handoff.detail);

  const insertCause = db.prepare('INSERT INTO cause (pack, cause_id, position, category, fixer) VALUES (?, ?, ?, ?, ?)');
  const insertStep = db.prepare('INSERT INTO step (pack, cause_id, step_id, position, illustration) VALUES (?, ?, ?, ?, ?)');
  const insertHandoff = db.prepare('INSERT INTO handoff (pack, cause_id, position, kind, bring) VALUES (?, ?, ?, ?, ?)');
  pack.causes.forEach((cause, position) => {
    insertCause.run(packRow, cause.id, position, cause.category, cause.fixer);
    putText(textKey.causeTitle(cause.id), cause.title);
    putText(textKey.causeSummary(cause.id), cause.summary);
    putText(textKey.causeStaffNote(cause.id), cause.staffNote);
    cause.steps.forEach((step, stepPosition) => {
      insertStep.run(packRow, cause.id, step.id, stepPosition, step.illustration ?? null);
      putText(textKey.stepTitle(cause.id, step.id), step.title);
      putText(textKey.stepBody(cause.id, step.id), step.body);
    });
    cause.handoffs.forEach((handoff, handoffPosition) => {
      insertHandoff.run(packRow, cause.id, handoffPosition, handoff.kind, handoff.kind === 'counter' ? handoff.bring.join(',') : '');
      putText(textKey.handoffDetail(cause.id, handoffPosition), handoff.detail);
    });
  });

  // Questions first, answers second: answers reference questions by foreign key.
  const insertQuestion = db.prepare('INSERT INTO question (pack, question_id, position) VALUES (?, ?, ?)');
  pack.questions.forEach((question, position) => {
    insertQuestion.run(packRow, question.id, position);
    putText(textKey.questionPrompt(question.id), question.prompt);
    if (question.hint) putText(textKey.questionHint(question.id), question.hint);
  });
  const insertAnswer = db.prepare('INSERT INTO answer (pack, question_id, answer_id, position, next_question) VALUES (?, ?, ?, ?, ?)');
  const insertAnswerCause = db.prepare('INSERT INTO answer_cause (pack, question_id, answer_id, rank, cause_id) VALUES (?, ?, ?, ?, ?)');
  for (const question of pack.questions) {
    question.answers.forEach((answer, position) => {
      insertAnswer.run(packRow, question.id, answer.id, position, 'question' in answer.next ? answer.next.question : null);
      putText(textKey.answerLabel(question.id, answer.id), answer.label);
      if ('causes' in answer.next) {
        answer.next.causes.forEach((causeId, rank) => insertAnswerCause.run(packRow, question.id, answer.id, rank, causeId));
      }
    });
  }
}

export interface PackSummary {
  packId: string;
  version: string;
  importedAt: string;
  active: boolean;
}

export function listPacks(db: Database.Database): PackSummary[] {
  const rows = db
    .prepare('SELECT pack_id, version, imported_at, is_active FROM pack ORDER BY rowid_ DESC')
    .all() as { pack_id: string; version: string; imported_at: string; is_active: number }[];
  return rows.map((r) => ({ packId: r.pack_id, version: r.version, importedAt: r.imported_at, active: r.is_active === 1 }));
}

/**
 * Makes sure the kiosk has content: imports the pack shipped with the app when
 * no pack is active, or when the app ships a newer version of the active pack.
 * A bundled version an admin rolled back from stays rolled back: it runs at
 * every start, and must not undo that choice at the next restart.
 * A bundled pack that fails validation is a build error, so it throws.
 */
export function ensureBundledPack(db: Database.Database, pack: unknown = bundledPack): void {
  const active = db.prepare('SELECT pack_id, version FROM pack WHERE is_active = 1').get() as { pack_id: string; version: string } | undefined;
  const candidate = pack as { id?: unknown; version?: unknown };
  if (active && (active.pack_id !== candidate.id || compareVersions(String(candidate.version), active.version) <= 0)) return;
  const already = db.prepare('SELECT rolled_back FROM pack WHERE pack_id = ? AND version = ?').get(String(candidate.id), String(candidate.version)) as
    | { rolled_back: number }
    | undefined;
  if (already && already.rolled_back === 1 && active) return;
  if (already) {
    db.transaction(() => {
      db.prepare('UPDATE pack SET is_active = 0 WHERE is_active = 1').run();
      db.prepare('UPDATE pack SET is_active = 1 WHERE pack_id = ? AND version = ?').run(String(candidate.id), String(candidate.version));
    })();
    return;
  }
  const result = importPack(db, pack);
  if (!result.ok) {
    throw new Error(`The bundled content pack is invalid:\n${result.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
}
