import type { Migration } from '../migrate';

/*
 * Signed content packs from a USB stick, their history and rollback (issue 5;
 * db/PACK-SIGNING.md).
 *
 * - trusted_key: the Ed25519 public keys the bank configured (provisioning
 *   file, or pack-keys/*.pem beside the store). key_id is the sha256 of the
 *   SPKI DER. The build's release key is not stored: it ships with the app.
 * - pack.source: 'bundled' (shipped with the app; every pack before this
 *   migration) or 'usb' (imported by an admin). signed_by_*: the key a USB
 *   pack verified with, its label copied so the history survives the key's
 *   removal.
 * - pack.activation_seq: the order packs became active, set by the triggers
 *   below whichever code activates a pack (import, the bundled pack at start,
 *   rollback), so "the previous pack" never depends on a clock.
 * - pack.rolled_back: a pack an admin rolled back from; it is never offered
 *   as "previous" again (rollback walks back, it does not toggle).
 *
 * The CHECK fragments are copied here, not imported: a shipped migration must
 * never change because a shared helper did.
 */
const UTC = (col: string) =>
  `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')`;
const KEY_ID = (col: string) => `(length(${col}) = 64 AND ${col} NOT GLOB '*[^0-9a-f]*')`;
// A label is shown on the admin screen: 1-64 characters, no control characters.
const LABEL = (col: string) => `(length(${col}) BETWEEN 1 AND 64 AND ${col} NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || ']*')`;

export const signedPacks: Migration = {
  version: 50,
  name: '0050-signed-packs',
  up(db) {
    db.exec(`
      CREATE TABLE trusted_key (
        key_id TEXT PRIMARY KEY CHECK ${KEY_ID('key_id')},
        public_key TEXT NOT NULL CHECK (public_key GLOB '-----BEGIN PUBLIC KEY-----*' AND length(public_key) <= 1000),
        label TEXT NOT NULL CHECK ${LABEL('label')},
        source TEXT NOT NULL CHECK (source IN ('provisioning', 'key_file')),
        added_at TEXT NOT NULL CHECK ${UTC('added_at')}
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE pack ADD COLUMN source TEXT NOT NULL DEFAULT 'bundled' CHECK (source IN ('bundled', 'usb'));
      ALTER TABLE pack ADD COLUMN signed_by_key TEXT CHECK (signed_by_key IS NULL OR ${KEY_ID('signed_by_key')});
      ALTER TABLE pack ADD COLUMN signed_by_label TEXT CHECK (signed_by_label IS NULL OR ${LABEL('signed_by_label')});
      ALTER TABLE pack ADD COLUMN activation_seq INTEGER CHECK (activation_seq IS NULL OR activation_seq >= 1);
      ALTER TABLE pack ADD COLUMN rolled_back INTEGER NOT NULL DEFAULT 0 CHECK (rolled_back IN (0, 1));
      UPDATE pack SET activation_seq = 1 WHERE is_active = 1;

      CREATE TRIGGER pack_activated_on_insert AFTER INSERT ON pack WHEN NEW.is_active = 1
      BEGIN
        UPDATE pack SET activation_seq = (SELECT coalesce(max(activation_seq), 0) + 1 FROM pack), rolled_back = 0
        WHERE rowid_ = NEW.rowid_;
      END;
      CREATE TRIGGER pack_activated AFTER UPDATE OF is_active ON pack WHEN NEW.is_active = 1 AND OLD.is_active = 0
      BEGIN
        UPDATE pack SET activation_seq = (SELECT coalesce(max(activation_seq), 0) + 1 FROM pack), rolled_back = 0
        WHERE rowid_ = NEW.rowid_;
      END;
    `);
  },
};
