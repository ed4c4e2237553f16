import type { Migration } from '../migrate';

/**
 * Content packs, stored normalized. Localized texts live in one table keyed by
 * owner so that a pack in three locales needs no column per language.
 */
export const contentTables: Migration = {
  version: 10,
  name: '0010-content-tables',
  up(db) {
    db.exec(`
      CREATE TABLE pack (
        rowid_ INTEGER PRIMARY KEY,
        pack_id TEXT NOT NULL,
        version TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        start_question TEXT NOT NULL,
        fallback_kind TEXT NOT NULL CHECK (fallback_kind IN ('counter', 'issuer', 'hotline', 'retry_later')),
        fallback_bring TEXT NOT NULL DEFAULT '',
        is_active INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
        UNIQUE (pack_id, version)
      ) STRICT;
      -- At most one active pack: the UI always reads exactly one.
      CREATE UNIQUE INDEX pack_one_active ON pack (is_active) WHERE is_active = 1;

      CREATE TABLE question (
        pack INTEGER NOT NULL REFERENCES pack (rowid_) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (pack, question_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE answer (
        pack INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        answer_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        next_question TEXT,
        PRIMARY KEY (pack, question_id, answer_id),
        FOREIGN KEY (pack, question_id) REFERENCES question (pack, question_id) ON DELETE CASCADE,
        FOREIGN KEY (pack, next_question) REFERENCES question (pack, question_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE cause (
        pack INTEGER NOT NULL REFERENCES pack (rowid_) ON DELETE CASCADE,
        cause_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        category TEXT NOT NULL,
        fixer TEXT NOT NULL CHECK (fixer IN ('customer', 'counter', 'issuer', 'wechat_pay')),
        PRIMARY KEY (pack, cause_id)
      ) STRICT, WITHOUT ROWID;

      -- Ranked candidate causes an answer leads to (rank 0 = most likely).
      CREATE TABLE answer_cause (
        pack INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        answer_id TEXT NOT NULL,
        rank INTEGER NOT NULL,
        cause_id TEXT NOT NULL,
        PRIMARY KEY (pack, question_id, answer_id, rank),
        FOREIGN KEY (pack, question_id, answer_id) REFERENCES answer (pack, question_id, answer_id) ON DELETE CASCADE,
        FOREIGN KEY (pack, cause_id) REFERENCES cause (pack, cause_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE step (
        pack INTEGER NOT NULL,
        cause_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        illustration TEXT,
        PRIMARY KEY (pack, cause_id, step_id),
        FOREIGN KEY (pack, cause_id) REFERENCES cause (pack, cause_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE handoff (
        pack INTEGER NOT NULL,
        cause_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('counter', 'issuer', 'hotline', 'retry_later')),
        bring TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (pack, cause_id, position),
        FOREIGN KEY (pack, cause_id) REFERENCES cause (pack, cause_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;

      -- Every visible text, per locale. key examples: 'q:start:prompt', 'c:network_unstable:title',
      -- 's:network_unstable:switch_network:body', 'h:network_unstable:0:detail'.
      CREATE TABLE text (
        pack INTEGER NOT NULL REFERENCES pack (rowid_) ON DELETE CASCADE,
        locale TEXT NOT NULL CHECK (locale IN ('zh-Hans', 'zh-Hant', 'en')),
        key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (pack, locale, key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
