/**
 * Re-checks a statistics export folder using nothing but its files, and lists
 * every rule it breaks (format: db/EXPORT-FORMAT.md):
 *  - manifest.json present and exactly the documented schema (k never below 5);
 *  - exactly the documented files, each listed once, present, with its SHA-256
 *    and row count; nothing else in the folder;
 *  - each CSV: RFC 4180, the documented columns in order, every value in its
 *    column's domain (no id-like value, no time finer than a day), every table
 *    complete (every row its dimensions allow, once); outcomes' pack_id and
 *    pack_version exactly one of the manifest's packVersions;
 *  - no published count below k;
 *  - no suppressed cell recoverable from the totals (suppress.ts auditLine).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from './content-schema';
import { parseCsv } from './csv';
import { daysOf, isDay } from './days';
import { columnsOf, fileOf, MANIFEST_FILE, ManifestSchema, TABLE_DIMS, TABLE_NAMES, type Manifest, type TableName } from './export-format';
import { OUTCOMES } from './session-event';
import { DURATION_BUCKETS, FEATURES, STAGES } from './stats';
import { auditLine } from './suppress';

export interface ExportProblem {
  file: string;
  /** 1-based line in the file (the header is line 1). */
  line?: number;
  column?: string;
  message: string;
}

const ID_RE = /^[a-z][a-z0-9_]{1,63}$/;
const domains: Record<string, (v: string) => boolean> = {
  day: isDay,
  locale: (v) => (LOCALES as readonly string[]).includes(v),
  cause: (v) => ID_RE.test(v),
  step: (v) => ID_RE.test(v),
  outcome: (v) => (OUTCOMES as readonly string[]).includes(v),
  assisted: (v) => v === '0' || v === '1',
  // The shape only; parseTable also requires the (pack_id, pack_version) pair to be one of the manifest's packVersions.
  pack_id: (v) => ID_RE.test(v),
  pack_version: (v) => /^\d{1,6}\.\d{1,6}\.\d{1,6}$/.test(v),
  bucket: (v) => DURATION_BUCKETS.some((b) => b.id === v),
  stage: (v) => (STAGES as readonly string[]).includes(v),
  feature: (v) => (FEATURES as readonly string[]).includes(v),
  sessions: (v) => v === '' || /^(0|[1-9]\d{0,8})$/.test(v),
  suppressed: (v) => v === '0' || v === '1',
};

/** Anything that could single out a person or a moment, whatever column it hides in. */
function leakOf(column: string, v: string): string | null {
  if (/\d{1,2}:\d{2}|T\d{2}/.test(v)) return 'looks like a time of day: nothing finer than a day may be exported';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v)) return 'looks like a UUID';
  // A pack version may have long parts (1.0.20260301); it must also match the manifest, checked in parseTable.
  if (column !== 'sessions' && column !== 'pack_version' && /\d{5,}/.test(v)) return 'looks like an identifier or a number a person could be traced by (5 or more digits)';
  if (/[0-9a-f]{16,}/i.test(v) && /\d/.test(v)) return 'looks like a hash or token';
  if (/@|\s/.test(v)) return 'contains free text (spaces or @)';
  return null;
}

interface ParsedTable {
  rows: { line: number; dims: string[]; count: number | null }[];
}

function checkManifest(dir: string, problems: ExportProblem[]): Manifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) {
    problems.push({ file: MANIFEST_FILE, message: 'missing: this folder is not a complete export (it may have been cut short)' });
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push({ file: MANIFEST_FILE, message: `not valid JSON: ${(err as Error).message}` });
    return null;
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push({ file: MANIFEST_FILE, message: `${i.path.map(String).join('.') || '(manifest)'}: ${i.message}` });
    return null;
  }
  if (parsed.data.period.to >= parsed.data.generatedOn) {
    problems.push({
      file: MANIFEST_FILE,
      message: `period.to (${parsed.data.period.to}) is not before generatedOn (${parsed.data.generatedOn}): a day still in progress was exported`,
    });
  }
  return parsed.data;
}

function checkFiles(dir: string, manifest: Manifest, problems: ExportProblem[]): Set<string> {
  const expected = new Set(TABLE_NAMES.map(fileOf));
  const good = new Set<string>();
  const seen = new Set<string>();
  for (const f of manifest.files) {
    if (!expected.has(f.name)) {
      problems.push({ file: MANIFEST_FILE, message: `lists "${f.name}", which is not a file of this format` });
      continue;
    }
    if (seen.has(f.name)) {
      problems.push({ file: MANIFEST_FILE, message: `lists "${f.name}" twice` });
      continue;
    }
    seen.add(f.name);
    const path = join(dir, f.name);
    if (!existsSync(path)) {
      problems.push({ file: f.name, message: 'listed in the manifest but missing from the folder' });
      continue;
    }
    const bytes = readFileSync(path);
    const sum = createHash('sha256').update(bytes).digest('hex');
    if (sum !== f.sha256) {
      problems.push({ file: f.name, message: `checksum mismatch: the manifest says ${f.sha256}, the file is ${sum}` });
      continue;
    }
    good.add(f.name);
  }
  for (const name of expected) if (!seen.has(name)) problems.push({ file: MANIFEST_FILE, message: `does not list ${name}` });
  for (const entry of readdirSync(dir)) {
    if (entry === MANIFEST_FILE || seen.has(entry)) continue;
    const kind = statSync(join(dir, entry)).isDirectory() ? 'folder' : 'file';
    problems.push({ file: entry, message: `a ${kind} that the manifest does not list: an export holds only its listed files` });
  }
  return good;
}

function parseTable(dir: string, table: TableName, manifest: Manifest, problems: ExportProblem[]): ParsedTable | null {
  const file = fileOf(table);
  let records: string[][];
  try {
    records = parseCsv(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    problems.push({ file, message: `not valid CSV: ${(err as Error).message}` });
    return null;
  }
  const header = records[0] ?? [];
  const expected = columnsOf(table);
  const unknown = header.filter((c) => !expected.includes(c));
  for (const c of unknown) problems.push({ file, line: 1, column: c, message: `unknown column "${c}"` });
  for (const c of expected) if (!header.includes(c)) problems.push({ file, line: 1, column: c, message: `missing column "${c}"` });
  if (unknown.length === 0 && header.length === expected.length && header.some((c, i) => c !== expected[i])) {
    problems.push({ file, line: 1, message: `columns out of order: expected ${expected.join(',')}` });
  }
  const listedRows = manifest.files.find((f) => f.name === file)?.rows;
  if (listedRows !== undefined && listedRows !== records.length - 1) {
    problems.push({ file, message: `the manifest says ${listedRows} rows, the file has ${records.length - 1}` });
  }
  const col = new Map(header.map((c, i) => [c, i]));
  const out: ParsedTable = { rows: [] };
  let structural = unknown.length > 0 || expected.some((c) => !col.has(c));
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const line = r + 1;
    if (rec.length !== header.length) {
      problems.push({ file, line, message: `${rec.length} fields; the header has ${header.length}` });
      structural = true;
      continue;
    }
    rec.forEach((v, i) => {
      const c = header[i]!;
      const leak = leakOf(c, v);
      if (leak) problems.push({ file, line, column: c, message: `"${v}" ${leak}` });
      else if (domains[c] && !domains[c](v) && !(c === 'cause' && table === 'outcomes' && v === '')) {
        problems.push({ file, line, column: c, message: `"${v}" is not a valid ${c}` });
      }
    });
    if (structural) continue;
    const sessions = rec[col.get('sessions')!]!;
    const suppressed = rec[col.get('suppressed')!]!;
    let count: number | null = null;
    if (suppressed === '1') {
      if (sessions !== '') problems.push({ file, line, column: 'sessions', message: `a suppressed cell shows a count (${sessions}): it must be empty` });
    } else if (suppressed === '0') {
      if (sessions === '') problems.push({ file, line, column: 'sessions', message: 'an empty count that is not marked suppressed' });
      else {
        count = Number(sessions);
        if (count < manifest.k) problems.push({ file, line, column: 'sessions', message: `count ${count} is below k = ${manifest.k} and is not suppressed` });
      }
    }
    if (table === 'outcomes') {
      const day = rec[col.get('day')!]!;
      if (isDay(day) && (day < manifest.period.from || day > manifest.period.to)) {
        problems.push({ file, line, column: 'day', message: `${day} is outside the period ${manifest.period.from} to ${manifest.period.to}` });
      }
      const packId = rec[col.get('pack_id')!]!;
      const packVersion = rec[col.get('pack_version')!]!;
      if (!manifest.packVersions.some((pv) => pv.packId === packId && pv.version === packVersion)) {
        problems.push({
          file,
          line,
          column: 'pack_version',
          message: `pack ${packId} ${packVersion} is not one of the manifest's packVersions`,
        });
      }
    }
    out.rows.push({ line, dims: TABLE_DIMS[table].map((d) => rec[col.get(d)!]!), count });
  }
  return structural ? null : out;
}

/** Every row the dimensions allow, each once: the audit (and the privacy argument) assume full tables. */
function checkComplete(table: TableName, parsed: ParsedTable, manifest: Manifest, problems: ExportProblem[]): boolean {
  const file = fileOf(table);
  const seen = new Map<string, number>();
  let ok = true;
  for (const r of parsed.rows) {
    const key = r.dims.join(',');
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ file, line: r.line, message: `duplicate row ${key} (first on line ${first})` });
      ok = false;
    } else seen.set(key, r.line);
  }
  const want: string[][] = [];
  if (table === 'outcomes') {
    const causes = new Set(['', ...parsed.rows.map((r) => r.dims[2]!)]);
    for (const day of daysOf(manifest.period.from, manifest.period.to))
      for (const l of LOCALES)
        for (const c of causes)
          for (const o of OUTCOMES)
            for (const a of ['0', '1']) for (const pv of manifest.packVersions) want.push([day, l, c, o, a, pv.packId, pv.version]);
  } else if (table === 'durations') {
    for (const b of DURATION_BUCKETS) for (const o of OUTCOMES) want.push([b.id, o]);
  } else if (table === 'step_funnel') {
    const steps = new Set(parsed.rows.map((r) => `${r.dims[0]},${r.dims[1]}`));
    for (const s of steps) for (const st of STAGES) want.push([...s.split(','), st]);
  } else {
    for (const f of FEATURES) want.push([f]);
  }
  const missing = want.filter((w) => !seen.has(w.join(',')));
  if (missing.length > 0) {
    ok = false;
    const shown = missing.slice(0, 5).map((m) => m.join(','));
    problems.push({
      file,
      message: `incomplete table: ${missing.length} row(s) missing, e.g. ${shown.join('; ')} (every combination must be listed, zero or not)`,
    });
  }
  return ok;
}

/** Returns every problem found; an empty list means the export keeps every rule. */
export function verifyExport(dir: string): ExportProblem[] {
  const problems: ExportProblem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [{ file: dir, message: 'not a folder' }];
  const manifest = checkManifest(dir, problems);
  if (!manifest) return problems;
  const good = checkFiles(dir, manifest, problems);
  const parsed = new Map<TableName, ParsedTable>();
  for (const table of TABLE_NAMES) {
    if (!good.has(fileOf(table))) continue;
    const t = parseTable(dir, table, manifest, problems);
    if (t && checkComplete(table, t, manifest, problems)) parsed.set(table, t);
  }
  const outcomes = parsed.get('outcomes');
  const durations = parsed.get('durations');
  if (outcomes && durations) {
    for (const o of OUTCOMES) {
      // One side is every outcomes row of the outcome, whatever its other dimensions (pack version included).
      const a = outcomes.rows.filter((r) => r.dims[TABLE_DIMS.outcomes.indexOf('outcome')] === o);
      const b = durations.rows.filter((r) => r.dims[TABLE_DIMS.durations.indexOf('outcome')] === o);
      for (const p of auditLine({ name: `outcome=${o}`, a: a.map((r) => r.count), b: b.map((r) => r.count) }, manifest.k)) {
        const side = p.side === 'a' ? { file: fileOf('outcomes'), rows: a } : { file: fileOf('durations'), rows: b };
        const lines = side.rows.filter((r) => r.count === null).map((r) => r.line);
        problems.push({
          file: side.file,
          message: `suppressed cells with outcome ${o} (lines ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', ...' : ''}): ${p.message}`,
        });
      }
    }
  } else if (problems.length === 0) {
    problems.push({ file: MANIFEST_FILE, message: 'the totals could not be checked' });
  }
  return problems;
}
