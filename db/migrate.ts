/**
 * Schema migrations: numbered with gaps, each one synchronous function, the
 * schema version kept in PRAGMA user_version. All pending migrations run in
 * one transaction, so a failure leaves the store as it was.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export class StoreTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This database was written by a newer version of help-kiosk (schema ${found}; this version understands up to ${supported}). ` +
        'Install the newer version, or restore a backup made by this one.',
    );
    this.name = 'StoreTooNewError';
  }
}

export function assertMigrationOrder(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]!;
    const cur = migrations[i]!;
    if (cur.version <= prev.version) {
      throw new Error(`Migrations out of order: ${cur.name} (${cur.version}) follows ${prev.name} (${prev.version}).`);
    }
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Returns the names of the migrations that ran. */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): string[] {
  assertMigrationOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new StoreTooNewError(current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) m.up(db);
    // PRAGMA does not take bound parameters; the value is an integer from our own table.
    db.pragma(`user_version = ${Number(pending.at(-1)!.version)}`);
  })();
  return pending.map((m) => m.name);
}
