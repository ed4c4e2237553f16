/**
 * Writes the anonymized statistics export: one CSV per table plus
 * manifest.json, into a folder (format: db/EXPORT-FORMAT.md).
 *
 * Files are written under a temporary name, flushed, then renamed; the
 * manifest is written last. A folder without manifest.json is not an export
 * (the verifier says so), so a full disk or a pulled USB stick never leaves a
 * half-written export that looks valid. On failure the files written so far
 * are removed.
 *
 * Runs in a worker thread in the kiosk (export-worker.ts); it is synchronous
 * here so it can run anywhere, tests included.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { toCsv } from './csv';
import { addDays, isDay, utcDay, type Period } from './days';
import { columnsOf, EXPORT_SCHEMA_VERSION, fileOf, MANIFEST_FILE, TABLE_NAMES, type Manifest } from './export-format';
import { getStatsSettings, settingProblem } from './settings';
import { lastExportedPeriod, overlappingExport } from './export-periods';
import { aggregatePeriod, firstLoggedDay } from './stats';
import { buildTables, suppressTables, type SuppressionReport, type Tables } from './suppress';

/** Longest period one export may cover (the outcomes table has a row per day). */
export const MAX_PERIOD_DAYS = 366;

export type ExportErrorCode = 'bad_period' | 'overlapping_period' | 'no_pseudonym' | 'already_exported' | 'not_writable' | 'disk_full' | 'store';

export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** The file operations an export needs; tests swap in failing ones (full disk, read-only medium). */
export interface ExportIo {
  mkdirp(dir: string): void;
  exists(path: string): boolean;
  /** Writes the whole file and flushes it to the medium. */
  writeDurable(path: string, data: string): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
  /** Flushes the folder entry itself (so the renames survive a power cut). */
  syncDir(dir: string): void;
}

export const nodeIo: ExportIo = {
  mkdirp: (dir) => void fs.mkdirSync(dir, { recursive: true }),
  exists: (path) => fs.existsSync(path),
  writeDurable(path, data) {
    const fd = fs.openSync(path, 'w');
    try {
      fs.writeFileSync(fd, data, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  rename: (from, to) => fs.renameSync(from, to),
  remove: (path) => fs.rmSync(path, { force: true }),
  syncDir(dir) {
    // Not every platform can open a directory (Windows); the renames are still atomic there.
    try {
      const fd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      /* best effort */
    }
  },
};

export interface ExportOptions {
  /** First day, YYYY-MM-DD (UTC). Default: the first day anything was logged. */
  from?: string;
  /** Last day, YYYY-MM-DD (UTC). Default: yesterday. Never today or later. */
  to?: string;
  /** Today's UTC date (tests). Default: the clock. */
  today?: string;
  /** Overrides the stored kiosk pseudonym for this export only. */
  pseudonym?: string;
  io?: ExportIo;
}

export interface ExportSummary {
  dir: string;
  manifest: Manifest;
  suppression: SuppressionReport;
}

/**
 * The period to export. A day still in progress is refused: two exports of
 * the same day taken an hour apart would differ by the few sessions of that
 * hour, and the difference would publish them. For the same reason a period
 * that overlaps an earlier export without being the same is refused, and
 * with no dates given (the kiosk's one button) the export carries on from the
 * last one: the days since, to yesterday, or the last period again when
 * there are none (a second copy for a lost stick).
 */
export function resolvePeriod(db: Database.Database, options: Pick<ExportOptions, 'from' | 'to' | 'today'>): Period {
  const today = options.today ?? utcDay(new Date());
  for (const [name, value] of [['from', options.from], ['to', options.to], ['today', today]] as const) {
    if (value !== undefined && !isDay(value)) throw new ExportError('bad_period', `--${name} "${value}" is not a date (YYYY-MM-DD).`);
  }
  const to = options.to ?? addDays(today, -1);
  if (to >= today) {
    throw new ExportError(
      'bad_period',
      `The period must end before today (${today}, UTC): a day still in progress cannot be exported, because a second export of it would reveal the sessions in between.`,
    );
  }
  // Never more than the longest period back: the kiosk's one button (which gives no dates) must still
  // export once the log, or the time since the last export, is more than a year.
  const earliest = addDays(to, -(MAX_PERIOD_DAYS - 1));
  const last = lastExportedPeriod(db);
  // By default, on from the last export.
  if (options.from === undefined && options.to === undefined && last !== null) {
    if (last.to > to) {
      throw new ExportError('bad_period', `The last export ran to ${last.to}, after yesterday (${to}): check the kiosk's clock.`);
    }
    if (last.to === to) return checkedPeriod(db, last);
    const next = addDays(last.to, 1);
    return checkedPeriod(db, { from: next < earliest ? earliest : next, to });
  }
  // Before the first export, from the first logged day. Nothing logged before today yet: export the
  // (empty) last day rather than refuse.
  const first = firstLoggedDay(db);
  const from = options.from ?? (first !== null && first < to ? (first < earliest ? earliest : first) : to);
  return checkedPeriod(db, { from, to });
}

function checkedPeriod(db: Database.Database, period: Period): Period {
  const { from, to } = period;
  if (from > to) throw new ExportError('bad_period', `The period starts (${from}) after it ends (${to}).`);
  if (addDays(from, MAX_PERIOD_DAYS - 1) < to) {
    throw new ExportError('bad_period', `The period ${from} to ${to} is longer than ${MAX_PERIOD_DAYS} days: export it in parts.`);
  }
  const clash = overlappingExport(db, period);
  if (clash) {
    throw new ExportError(
      'overlapping_period',
      `${from} to ${to} overlaps the export of ${clash.from} to ${clash.to}: two such exports could be subtracted to publish days below k. Export that period again exactly, or days after ${clash.to}.`,
    );
  }
  return period;
}

export function renderTables(tables: Tables): { name: string; text: string; rows: number }[] {
  return TABLE_NAMES.map((table) => {
    const rows = tables[table].map((c) => [...c.dims, c.suppressed ? '' : String(c.count), c.suppressed ? '1' : '0']);
    return { name: fileOf(table), text: toCsv(columnsOf(table), rows), rows: rows.length };
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a failed write to `dir` means for the admin: a full disk, or a drive that cannot be written. */
export function exportWriteError(err: unknown, dir: string): ExportError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ExportError('disk_full', `The disk holding ${dir} is full; nothing was exported. Free some space or use another drive. (${detail})`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'ENOENT' || code === 'EISDIR') {
    return new ExportError('not_writable', `Cannot write to ${dir}; nothing was exported. Check that the drive is mounted and writable. (${detail})`);
  }
  return new ExportError('not_writable', `Writing the export to ${dir} failed; nothing was exported. (${detail})`);
}

/** Writes data files, then the manifest, each via a temporary name. Leaves nothing behind on failure. */
export function writeExportFolder(
  dir: string,
  files: { name: string; text: string; rows: number }[],
  manifestFor: (written: Manifest['files']) => Manifest,
  io: ExportIo = nodeIo,
): Manifest {
  try {
    io.mkdirp(dir);
  } catch (err) {
    throw exportWriteError(err, dir);
  }
  if (io.exists(join(dir, MANIFEST_FILE))) {
    throw new ExportError('already_exported', `${dir} already holds an export (${MANIFEST_FILE}). Choose an empty folder.`);
  }
  const created: string[] = [];
  try {
    const listed: Manifest['files'] = [];
    for (const f of files) {
      const temp = join(dir, `${f.name}.partial`);
      created.push(temp);
      io.writeDurable(temp, f.text);
      io.rename(temp, join(dir, f.name));
      created.push(join(dir, f.name));
      listed.push({ name: f.name, sha256: sha256(f.text), rows: f.rows });
    }
    const manifest = manifestFor(listed);
    const temp = join(dir, `${MANIFEST_FILE}.partial`);
    created.push(temp);
    io.writeDurable(temp, JSON.stringify(manifest, null, 2) + '\n');
    io.syncDir(dir);
    // The last step: from here on the folder is an export.
    io.rename(temp, join(dir, MANIFEST_FILE));
    io.syncDir(dir);
    return manifest;
  } catch (err) {
    for (const path of created.reverse()) {
      try {
        io.remove(path);
      } catch {
        /* keep cleaning */
      }
    }
    throw exportWriteError(err, dir);
  }
}

export function exportStats(db: Database.Database, outDir: string, options: ExportOptions = {}): ExportSummary {
  const settings = getStatsSettings(db);
  const pseudonym = options.pseudonym ?? settings.kioskPseudonym;
  if (pseudonym === null) {
    throw new ExportError('no_pseudonym', 'Set the kiosk pseudonym (admin screen) before exporting, so merged exports can tell kiosks apart.');
  }
  const problem = settingProblem('kiosk_pseudonym', pseudonym);
  if (problem) throw new ExportError('no_pseudonym', `Kiosk pseudonym "${pseudonym}": ${problem}.`);

  const period = resolvePeriod(db, options);
  const today = options.today ?? utcDay(new Date());
  const stats = aggregatePeriod(db, period);
  const tables = buildTables(stats);
  const suppression = suppressTables(tables, settings.k);
  const manifest = writeExportFolder(
    outDir,
    renderTables(tables),
    (files) => ({
      schemaVersion: EXPORT_SCHEMA_VERSION,
      generatedOn: today,
      period,
      k: settings.k,
      packVersions: stats.packVersions,
      kioskPseudonym: pseudonym,
      files,
    }),
    options.io,
  );
  return { dir: outDir, manifest, suppression };
}
