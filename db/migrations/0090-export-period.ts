import type { Migration } from '../migrate';

/**
 * The periods this kiosk has exported (db/export-periods.ts): each export carries on from the last one,
 * so no two overlap and none can be subtracted from another to publish a day below k.
 */
export const exportPeriod: Migration = {
  version: 90,
  name: '0090-export-period',
  up(db) {
    db.exec(`
      CREATE TABLE export_period (
        from_day TEXT NOT NULL CHECK (from_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        to_day TEXT NOT NULL CHECK (to_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND to_day >= from_day),
        first_exported_at TEXT NOT NULL,
        PRIMARY KEY (from_day, to_day)
      ) STRICT, WITHOUT ROWID
    `);
  },
};
