import type { Migration } from '../migrate';

/*
 * Session log, daily roll-ups and settings (issue 3).
 *
 * - Times are UTC, written by Date.toISOString(); the CHECKs refuse anything
 *   else, so text order is time order and substr(t, 1, 10) is the UTC day.
 * - No column can hold free text: every text column is an enum or a
 *   snake_case id (the same shape as content-pack ids), checked here as well
 *   as in session-event.ts, so a bug upstream cannot log what a person typed.
 * - session_event is clustered by session (WITHOUT ROWID, key session_id, seq):
 *   aggregation and retention read and delete whole sessions as ranges.
 * - rollup_* keep, per UTC day, exactly what the statistics export reads, so
 *   an export over days whose raw events are gone gives the same numbers.
 */

// DDL fragments built from constants only (never from data).
const ID = (col: string) => `(${col} GLOB '[a-z]*' AND ${col} NOT GLOB '*[^a-z0-9_]*' AND length(${col}) BETWEEN 2 AND 64)`;
const UTC = (col: string) =>
  `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')`;
const DAY = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')`;
const LOCALE = `('zh-Hans', 'zh-Hant', 'en')`;
const OUTCOME = `('resolved', 'escalated_counter', 'escalated_issuer', 'escalated_hotline', 'retry_later', 'abandoned', 'timeout')`;

export const sessionLog: Migration = {
  version: 20,
  name: '0020-session-log',
  up(db) {
    db.exec(`
      CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO setting (key, value) VALUES ('stats_k', '11'), ('retention_days', '90'), ('kiosk_pseudonym', '');

      CREATE TABLE session (
        id INTEGER PRIMARY KEY,
        pack_id TEXT NOT NULL CHECK ${ID('pack_id')},
        pack_version TEXT NOT NULL CHECK (pack_version GLOB '[0-9]*.[0-9]*.[0-9]*' AND pack_version NOT GLOB '*[^0-9.]*'),
        assisted INTEGER NOT NULL CHECK (assisted IN (0, 1)),
        start_locale TEXT NOT NULL CHECK (start_locale IN ${LOCALE}),
        started_at TEXT NOT NULL CHECK ${UTC('started_at')},
        -- Set once, when the session ends (endSession or closeOpenSessionsAsAbandoned).
        ended_at TEXT CHECK (ended_at IS NULL OR ${UTC('ended_at')}),
        outcome TEXT CHECK (outcome IS NULL OR outcome IN ${OUTCOME}),
        end_locale TEXT CHECK (end_locale IS NULL OR end_locale IN ${LOCALE}),
        last_cause TEXT CHECK (last_cause IS NULL OR last_cause = '' OR ${ID('last_cause')}),
        CHECK ((ended_at IS NULL) = (outcome IS NULL)),
        CHECK ((ended_at IS NULL) = (end_locale IS NULL)),
        CHECK ((ended_at IS NULL) = (last_cause IS NULL)),
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      ) STRICT;
      -- Export and retention select sessions by UTC day range.
      CREATE INDEX session_by_start ON session (started_at);
      -- Start-up closes the (at most a few) sessions a crash left open.
      CREATE INDEX session_open ON session (id) WHERE ended_at IS NULL;

      CREATE TABLE session_event (
        session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        at TEXT NOT NULL CHECK ${UTC('at')},
        type TEXT NOT NULL CHECK (type IN ('answer', 'cause_shown', 'step_viewed', 'step_done', 'cause_result',
                                           'handoff_chosen', 'locale_changed', 'accessibility_changed')),
        question_id TEXT CHECK (question_id IS NULL OR ${ID('question_id')}),
        answer_id TEXT CHECK (answer_id IS NULL OR ${ID('answer_id')}),
        cause_id TEXT CHECK (cause_id IS NULL OR ${ID('cause_id')}),
        step_id TEXT CHECK (step_id IS NULL OR ${ID('step_id')}),
        -- locale_changed: a locale; accessibility_changed: a feature; handoff_chosen: a hand-off kind.
        value TEXT CHECK (value IS NULL OR value IN ('zh-Hans', 'zh-Hant', 'en', 'large_text', 'high_contrast', 'read_aloud',
                                                     'counter', 'issuer', 'hotline', 'retry_later')),
        -- step_done: done; cause_result: helped; accessibility_changed: on.
        flag INTEGER CHECK (flag IS NULL OR flag IN (0, 1)),
        rank INTEGER CHECK (rank IS NULL OR rank BETWEEN 0 AND 99),
        PRIMARY KEY (session_id, seq)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rollup_outcome (
        day TEXT NOT NULL CHECK ${DAY('day')},
        locale TEXT NOT NULL CHECK (locale IN ${LOCALE}),
        cause TEXT NOT NULL CHECK (cause = '' OR ${ID('cause')}),
        outcome TEXT NOT NULL CHECK (outcome IN ${OUTCOME}),
        assisted INTEGER NOT NULL CHECK (assisted IN (0, 1)),
        sessions INTEGER NOT NULL CHECK (sessions > 0),
        PRIMARY KEY (day, locale, cause, outcome, assisted)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rollup_duration (
        day TEXT NOT NULL CHECK ${DAY('day')},
        bucket TEXT NOT NULL CHECK (bucket IN ('under_1m', '1m_3m', '3m_5m', '5m_10m', '10m_plus')),
        outcome TEXT NOT NULL CHECK (outcome IN ${OUTCOME}),
        sessions INTEGER NOT NULL CHECK (sessions > 0),
        PRIMARY KEY (day, bucket, outcome)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rollup_step (
        day TEXT NOT NULL CHECK ${DAY('day')},
        cause TEXT NOT NULL CHECK ${ID('cause')},
        step TEXT NOT NULL CHECK ${ID('step')},
        viewed INTEGER NOT NULL CHECK (viewed > 0),
        done INTEGER NOT NULL CHECK (done BETWEEN 0 AND viewed),
        helped INTEGER NOT NULL CHECK (helped BETWEEN 0 AND viewed),
        PRIMARY KEY (day, cause, step)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rollup_feature (
        day TEXT NOT NULL CHECK ${DAY('day')},
        feature TEXT NOT NULL CHECK (feature IN ('large_text', 'high_contrast', 'read_aloud',
                                                 'switched_to:zh-Hans', 'switched_to:zh-Hant', 'switched_to:en')),
        sessions INTEGER NOT NULL CHECK (sessions > 0),
        PRIMARY KEY (day, feature)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rollup_pack (
        day TEXT NOT NULL CHECK ${DAY('day')},
        pack_id TEXT NOT NULL CHECK ${ID('pack_id')},
        pack_version TEXT NOT NULL,
        sessions INTEGER NOT NULL CHECK (sessions > 0),
        PRIMARY KEY (day, pack_id, pack_version)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
