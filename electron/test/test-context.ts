/** A handler context over a real SQLite file in a temp folder, for handler tests. */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openStore } from '../../db/store';
import { importPack } from '../../db/content-import';
import { AccessTokens } from '../../db/access-tokens';
import { fixturePack } from '../../db/test/fixture-pack';
import type { HandlerContext } from '../handlers';

export interface TestContext extends HandlerContext {
  dir: string;
  clock: { now: Date };
  /** The folders standing in for the USB drives plugged in; only those that exist are listed (the handlers create none). Default: DIR/usb. */
  drives: string[];
  quitCalls: number;
}

export function makeTestContext(options: { withPack?: boolean } = {}): TestContext {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-handlers-'));
  const dbFile = join(dir, 'kiosk.db');
  const db = openStore(dbFile);
  if (options.withPack ?? true) importPack(db, fixturePack());
  const clock = { now: new Date('2026-11-20T09:00:00Z') };
  // The whole Basic Multilingual Plane: what the fixture packs use, and nothing outside it.
  const fontCoverageFile = join(dir, 'font-coverage.json');
  writeFileSync(fontCoverageFile, JSON.stringify({ sc: [[0, 0xffff]], tc: [[0, 0xffff]] }));
  const ctx: TestContext = {
    db,
    dbFile,
    dir,
    clock,
    tokens: new AccessTokens(),
    now: () => clock.now,
    drives: [join(dir, 'usb')],
    quitCalls: 0,
    // Like the kiosk's own listing: a folder that is not there is not a drive plugged in.
    usbDrives: async () => ctx.drives.filter((path) => existsSync(path)).map((path) => ({ path, label: basename(path), freeBytes: null, dev: statSync(path).dev })),
    fontCoverageFile,
    trustDevelopmentKey: true,
    selfTest: async () => ({ shell: 'harness', checks: [] }),
    quit: () => {
      ctx.quitCalls++;
    },
  };
  return ctx;
}
