/**
 * Malformed content packs (issue 4, "Fault tests"): each of the faults in
 * test/malformed-packs.ts is rejected with exactly the problems expected (the
 * JSON path of the fault and what it says), and the active pack keeps serving
 * the same content, byte for byte, in every locale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openStore } from './store';
import { ensureBundledPack, importPack, listPacks, type ImportResult } from './content-import';
import { readContentView } from './content-read';
import { validatePackText } from './validate-pack';
import { LOCALES } from './content-schema';
import { malformedPacks, type MalformedPack } from './test/malformed-packs';
import bundledPack from './content/card-binding.json';

const CONTENT_TABLES = ['pack', 'question', 'answer', 'cause', 'answer_cause', 'step', 'handoff', 'text'];

let db: Database.Database;
let before: ReturnType<typeof snapshot>;

function snapshot(store: Database.Database) {
  return {
    packs: listPacks(store),
    views: LOCALES.map((locale) => readContentView(store, locale)),
    rows: CONTENT_TABLES.map((table) => [table, store.prepare(`SELECT count(*) FROM ${table}`).pluck().get()]),
  };
}

/** As an admin import would: the file's text is parsed first, then validated and imported in one transaction. */
function importInput(store: Database.Database, input: MalformedPack['input']): ImportResult {
  if ('json' in input) return importPack(store, input.json);
  const parsed = validatePackText(input.text);
  return parsed.ok ? importPack(store, parsed.pack) : parsed;
}

const byPath = <T extends { path: string }>(xs: T[]) => [...xs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

beforeAll(() => {
  db = openStore(':memory:');
  ensureBundledPack(db);
  before = snapshot(db);
});
afterAll(() => db.close());

describe('malformed content packs', () => {
  const cases = malformedPacks();

  it('are at least 30 distinct faults', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('rejects %s, saying where, and the active pack stays', (_name, c) => {
    const result = importInput(db, c.input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(byPath(result.problems)).toEqual(byPath(c.problems.map(([path, message]) => ({ path, message: expect.stringMatching(message) as unknown as string }))));
    expect(snapshot(db)).toEqual(before);
  });

  it('rejects the active version imported again, even with other content: a change needs a new version', () => {
    const changed = structuredClone(bundledPack);
    changed.title.en = 'Something else';
    for (const pack of [bundledPack, changed]) {
      expect(importPack(db, pack)).toEqual({ ok: false, problems: [{ path: 'version', message: expect.stringContaining(`version ${bundledPack.version} is already imported; raise the version`) }] });
    }
    expect(snapshot(db)).toEqual(before);
  });

  it('checks a huge pack quickly', () => {
    const huge = cases.find((c) => c.name.startsWith('a huge pack'))!;
    const started = performance.now();
    importInput(db, huge.input);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
