import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeStore } from '../db/store';
import { openKioskStore } from './open-kiosk-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openKioskStore', () => {
  it('creates userData and kiosk.db with the bundled pack active', () => {
    const userDataDir = path.join(dir, 'fresh', 'profile');
    const result = openKioskStore({ userDataDir, nativeBinding: undefined });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file).toBe(path.join(userDataDir, 'kiosk.db'));
    expect(result.db.prepare('SELECT pack_id FROM pack WHERE is_active = 1').get()).toEqual({ pack_id: 'card_binding' });
    closeStore(result.db);
  });

  it('reports, not throws, a native build that cannot load, naming it', () => {
    const nativeBinding = path.join(dir, 'native-electron', 'better_sqlite3.node');
    const result = openKioskStore({ userDataDir: path.join(dir, 'userData'), nativeBinding });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(nativeBinding);
  });
});
