import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parseCsv, toCsv } from './csv';
import { exportStats } from './export-stats';
import { verifyExport, type ExportProblem } from './verify-export';
import { PERIOD, storeWithTraffic, TODAY } from './test/export-fixture';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-verify-');
let template = '';
let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kiosk-verify-template-'));
  const { db } = storeWithTraffic(scratch, { sessions: 2500 });
  template = join(scratch, 'export');
  exportStats(db, template, { ...PERIOD, today: TODAY });
  db.close();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of a valid export to plant one fault in. */
function copy(): string {
  const dir = join(tempDir(), 'export');
  cpSync(template, dir, { recursive: true });
  return dir;
}

function editManifest(dir: string, edit: (m: Record<string, unknown>) => void): void {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  edit(m);
  writeFileSync(path, JSON.stringify(m, null, 2));
}

/** Rewrites a CSV and, like a careful forger, updates its checksum and row count so only the planted fault remains. */
function editCsv(dir: string, name: string, edit: (rows: string[][]) => string[][]): void {
  const [header, ...rows] = parseCsv(readFileSync(join(dir, name), 'utf8'));
  const edited = edit([header!, ...rows]);
  const text = toCsv(edited[0]!, edited.slice(1));
  writeFileSync(join(dir, name), text);
  editManifest(dir, (m) => {
    const f = (m.files as { name: string; sha256: string; rows: number }[]).find((x) => x.name === name)!;
    f.sha256 = createHash('sha256').update(text).digest('hex');
    f.rows = edited.length - 1;
  });
}

const messages = (problems: ExportProblem[]) => problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''} ${p.message}`);

describe('verifyExport', () => {
  it('finds nothing wrong with an export as written', () => {
    expect(verifyExport(copy())).toEqual([]);
  });

  it('catches a published count below k', () => {
    const dir = copy();
    let line = 0;
    editCsv(dir, 'outcomes.csv', (rows) => {
      line = rows.findIndex((r, i) => i > 0 && r[8] === '0') + 1;
      rows[line - 1]![7] = '3';
      return rows;
    });
    expect(verifyExport(dir)).toContainEqual({ file: 'outcomes.csv', line, column: 'sessions', message: 'count 3 is below k = 11 and is not suppressed' });
  });

  it('catches a suppressed cell that the totals give away exactly', () => {
    const dir = copy();
    // Publish every outcomes cell of "retry_later" but one (as 11s), and every duration of it,
    // with totals 4 larger: the one hidden cell must be 4.
    let published = 0;
    let hiddenLine = 0;
    editCsv(dir, 'outcomes.csv', (rows) => {
      let keptOne = false;
      rows.forEach((r, i) => {
        if (i === 0 || r[3] !== 'retry_later') return;
        if (r[8] === '1' && !keptOne) {
          keptOne = true;
          hiddenLine = i + 1;
        } else if (r[8] === '1') {
          r[7] = '11';
          r[8] = '0';
        }
        if (r[8] === '0') published += Number(r[7]);
      });
      return rows;
    });
    editCsv(dir, 'durations.csv', (rows) => {
      const mine = rows.filter((r, i) => i > 0 && r[1] === 'retry_later');
      mine.forEach((r, i) => {
        r[2] = String(i === 0 ? published + 4 - 11 * (mine.length - 1) : 11);
        r[3] = '0';
      });
      return rows;
    });
    const problems = verifyExport(dir);
    expect(messages(problems)).toEqual([
      `outcomes.csv suppressed cells with outcome retry_later (lines ${hiddenLine}): a suppressed cell can be recovered from the totals: it must be 4`,
    ]);
  });

  it('catches totals that prove suppressed cells are smaller than k-1', () => {
    const dir = copy();
    let published = 0;
    editCsv(dir, 'outcomes.csv', (rows) => {
      for (const r of rows) if (r[3] === 'escalated_counter' && r[8] === '0') published += Number(r[7]);
      return rows;
    });
    editCsv(dir, 'durations.csv', (rows) => {
      const mine = rows.filter((r, i) => i > 0 && r[1] === 'escalated_counter');
      mine.forEach((r, i) => {
        r[2] = String(i === 0 ? published + 3 - 11 * (mine.length - 1) : 11);
        r[3] = '0';
      });
      return rows;
    });
    expect(messages(verifyExport(dir))).toEqual([
      expect.stringMatching(/^outcomes.csv suppressed cells with outcome escalated_counter .*: the totals prove every suppressed cell here is at most 3, below k-1 = 10$/),
    ]);
  });

  it('catches an unknown column', () => {
    const dir = copy();
    editCsv(dir, 'outcomes.csv', (rows) => rows.map((r, i) => [...r, i === 0 ? 'session_id' : String(1000 + i)]));
    expect(verifyExport(dir)).toContainEqual({ file: 'outcomes.csv', line: 1, column: 'session_id', message: 'unknown column "session_id"' });
  });

  it('catches a checksum mismatch', () => {
    const dir = copy();
    const path = join(dir, 'durations.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/,,1\r\n/, ',11,0\r\n'));
    expect(messages(verifyExport(dir))).toEqual([expect.stringMatching(/^durations.csv checksum mismatch: the manifest says [0-9a-f]{64}, the file is [0-9a-f]{64}$/)]);
  });

  it('catches a missing file, and a file the manifest does not list', () => {
    const dir = copy();
    rmSync(join(dir, 'features.csv'));
    writeFileSync(join(dir, 'notes.txt'), 'Li Lei, 13800138000');
    expect(messages(verifyExport(dir))).toEqual([
      'features.csv listed in the manifest but missing from the folder',
      'notes.txt a file that the manifest does not list: an export holds only its listed files',
    ]);
  });

  it('catches an export that includes the day it was made on', () => {
    const dir = copy();
    editManifest(dir, (m) => {
      m.generatedOn = '2026-03-14';
    });
    expect(messages(verifyExport(dir))).toEqual([
      'manifest.json period.to (2026-03-14) is not before generatedOn (2026-03-14): a day still in progress was exported',
    ]);
  });

  it('catches a manifest with k below 5, a time in generatedOn, or a key it does not document', () => {
    const dir = copy();
    editManifest(dir, (m) => {
      m.k = 3;
      m.generatedOn = '2026-03-15T08:30:00Z';
      m.sessions = 2500;
    });
    const found = messages(verifyExport(dir));
    expect(found).toContainEqual('manifest.json k: k is below the floor of 5');
    expect(found).toContainEqual('manifest.json generatedOn: must be a date YYYY-MM-DD');
    expect(found).toContainEqual(expect.stringMatching(/^manifest.json \(manifest\): Unrecognized key: "sessions"/));
  });

  it('catches a time of day, an id-like value, and a suppressed cell that shows its count', () => {
    const dir = copy();
    editCsv(dir, 'outcomes.csv', (rows) => {
      rows[1]![0] = '2026-03-01T09:15';
      rows[2]![2] = 'caller_13800138000';
      const hidden = rows.findIndex((r, i) => i > 2 && r[8] === '1');
      rows[hidden]![7] = '2';
      return rows;
    });
    const found = messages(verifyExport(dir));
    expect(found).toContainEqual('outcomes.csv:2 "2026-03-01T09:15" looks like a time of day: nothing finer than a day may be exported');
    expect(found).toContainEqual(
      'outcomes.csv:3 "caller_13800138000" looks like an identifier or a number a person could be traced by (5 or more digits)',
    );
    expect(found).toContainEqual(expect.stringMatching(/^outcomes.csv:\d+ a suppressed cell shows a count \(2\): it must be empty$/));
  });

  it('catches a pack version the manifest does not list, and a manifest of the old format', () => {
    const dir = copy();
    editCsv(dir, 'outcomes.csv', (rows) => {
      expect(rows[0]!.slice(5, 7)).toEqual(['pack_id', 'pack_version']);
      rows[4]![6] = '9.9.9';
      return rows;
    });
    expect(messages(verifyExport(dir))).toContainEqual(`outcomes.csv:5 pack fixture_pack 9.9.9 is not one of the manifest's packVersions`);

    const old = copy();
    editManifest(old, (m) => {
      m.schemaVersion = 1;
    });
    expect(messages(verifyExport(old))).toEqual(['manifest.json schemaVersion: schemaVersion must be 2 (the only export format this verifier reads)']);
  });

  it('catches rows left out of a table (the audit assumes every combination is listed)', () => {
    const dir = copy();
    editCsv(dir, 'outcomes.csv', (rows) => rows.filter((_, i) => i < 10 || i > 12));
    expect(messages(verifyExport(dir))).toContainEqual(expect.stringMatching(/^outcomes.csv incomplete table: 3 row\(s\) missing, e.g. /));
  });

  it('says so when the folder holds no export at all', () => {
    expect(messages(verifyExport(tempDir()))).toEqual([expect.stringMatching(/^manifest.json missing: this folder is not a complete export/)]);
    expect(messages(verifyExport(join(tempDir(), 'nope')))).toEqual([expect.stringMatching(/nope not a folder/)]);
  });
});
