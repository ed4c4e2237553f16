/** A store with generated traffic on the fixture pack, ready to export. */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { importPack } from '../content-import';
import { setSetting } from '../settings';
import { openStore } from '../store';
import { fixturePack } from './fixture-pack';
import { generateSessions } from './generate-sessions';

export const TODAY = '2026-03-15';
export const PERIOD = { from: '2026-03-01', to: '2026-03-14' } as const;

export function storeWithTraffic(dir: string, options: { sessions?: number; seed?: number; days?: number; from?: string } = {}): { db: Database.Database; file: string } {
  const file = join(dir, 'kiosk.db');
  const db = openStore(file);
  importPack(db, fixturePack());
  setSetting(db, 'kiosk_pseudonym', 'branch-042');
  generateSessions(db, {
    pack: fixturePack(),
    sessions: options.sessions ?? 3000,
    from: options.from ?? PERIOD.from,
    days: options.days ?? 14,
    seed: options.seed ?? 1,
  });
  return { db, file };
}
