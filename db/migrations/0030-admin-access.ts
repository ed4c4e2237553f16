import type { Migration } from '../migrate';

/*
 * Staff and admin access (DESIGN.md, Kiosk mode: "a hidden gesture plus a PIN
 * (hashed, with lockout after repeated failures)").
 *
 * - access_pin: one scrypt hash per role; no row = no PIN. There is no default
 *   PIN: the first start asks for the admin PIN or applies a provisioning file
 *   (db/PROVISIONING.md). params is JSON ({"algorithm":"scrypt","N":..,"r":..,"p":..})
 *   so the cost can be raised later without a migration.
 * - pin_lockout: exactly one row, so a restart (or a power cut) does not give
 *   a guesser a fresh set of tries.
 * - audit_log: who did what and when, for admin actions, unlocks and lockouts.
 *   detail is short and machine-made (key=value tokens); the CHECK refuses
 *   spaces and anything beyond a small alphabet, so free text cannot get in.
 *
 * The CHECK fragments are copied here, not imported: a shipped migration must
 * never change because a shared helper did.
 */
const UTC = (col: string) =>
  `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')`;
const HEX = (col: string, minBytes: number, maxBytes: number) =>
  `(${col} NOT GLOB '*[^0-9a-f]*' AND length(${col}) % 2 = 0 AND length(${col}) BETWEEN ${minBytes * 2} AND ${maxBytes * 2})`;
const SNAKE = (col: string) => `(${col} GLOB '[a-z]*' AND ${col} NOT GLOB '*[^a-z0-9_]*' AND length(${col}) BETWEEN 2 AND 64)`;

export const adminAccess: Migration = {
  version: 30,
  name: '0030-admin-access',
  up(db) {
    db.exec(`
      CREATE TABLE access_pin (
        role TEXT PRIMARY KEY CHECK (role IN ('staff', 'admin')),
        hash TEXT NOT NULL CHECK ${HEX('hash', 16, 64)},
        salt TEXT NOT NULL CHECK ${HEX('salt', 16, 64)},
        params TEXT NOT NULL CHECK (json_valid(params) AND json_extract(params, '$.algorithm') = 'scrypt'),
        updated_at TEXT NOT NULL CHECK ${UTC('updated_at')}
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE pin_lockout (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- Consecutive wrong tries since the last correct PIN or the last lockout.
        failures INTEGER NOT NULL CHECK (failures >= 0),
        locked_until TEXT CHECK (locked_until IS NULL OR ${UTC('locked_until')}),
        -- Lockouts since the last correct PIN: the next one lasts 5 min x 2^lockouts (capped).
        lockouts INTEGER NOT NULL CHECK (lockouts >= 0)
      ) STRICT;
      INSERT INTO pin_lockout (id, failures, locked_until, lockouts) VALUES (1, 0, NULL, 0);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL CHECK ${UTC('at')},
        -- 'system': done by the kiosk itself (provisioning, lockouts), not by a person who unlocked.
        role TEXT NOT NULL CHECK (role IN ('staff', 'admin', 'system')),
        action TEXT NOT NULL CHECK ${SNAKE('action')},
        detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 200 AND detail NOT GLOB '*[^A-Za-z0-9_.:=,+-]*')
      ) STRICT;
      CREATE INDEX audit_log_by_at ON audit_log (at);
    `);
  },
};
