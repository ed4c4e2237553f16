import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv';
import { ExportError, exportStats, nodeIo, type ExportIo } from './export-stats';
import { ManifestSchema } from './export-format';
import { setSetting } from './settings';
import { rememberExportedPeriod } from './export-periods';
import { openStore } from './store';
import { importPack } from './content-import';
import { verifyExport } from './verify-export';
import { fixturePack } from './test/fixture-pack';
import { logScripted } from './test/scripted-session';
import { PERIOD, storeWithTraffic, TODAY } from './test/export-fixture';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-export-');

function exportError(fn: () => unknown): ExportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExportError) return err;
    throw err;
  }
  throw new Error('expected an ExportError');
}

function table(dir: string, name: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(readFileSync(join(dir, name), 'utf8'));
  return { header: header!, rows };
}

describe('exportStats', () => {
  it('writes four CSV files and a manifest that lists each with its SHA-256 and row count', () => {
    const { db } = storeWithTraffic(tempDir());
    const out = join(tempDir(), 'usb', 'stats-2026-03');
    const summary = exportStats(db, out, { ...PERIOD, today: TODAY });

    expect(readdirSync(out).sort()).toEqual(['durations.csv', 'features.csv', 'manifest.json', 'outcomes.csv', 'step_funnel.csv']);
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    expect(manifest).toEqual(summary.manifest);
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      generatedOn: TODAY,
      period: PERIOD,
      k: 11,
      packVersions: [{ packId: 'fixture_pack', version: '1.0.0' }],
      kioskPseudonym: 'branch-042',
    });
    for (const f of manifest.files) {
      const bytes = readFileSync(join(out, f.name));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.toString('utf8').split('\r\n').length - 2).toBe(f.rows); // header + final CRLF
    }
    expect(table(out, 'outcomes.csv').header).toEqual(['day', 'locale', 'cause', 'outcome', 'assisted', 'pack_id', 'pack_version', 'sessions', 'suppressed']);
    expect(verifyExport(out)).toEqual([]);
  });

  it('records the pack version on every outcomes row: one row per version of the period', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    importPack(db, { ...fixturePack(), version: '1.1.0' });
    setSetting(db, 'kiosk_pseudonym', 'branch-042');
    for (let i = 0; i < 30; i++) {
      const pack = { id: 'fixture_pack', version: i < 12 ? '1.0.0' : '1.1.0' };
      logScripted(db, { start: `2026-03-01T0${1 + (i % 8)}:${String(i).padStart(2, '0')}:00.000Z`, pack, outcome: 'resolved' });
    }
    const out = tempDir();
    const { manifest } = exportStats(db, out, { from: '2026-03-01', to: '2026-03-01', today: TODAY });
    expect(manifest.packVersions).toEqual([
      { packId: 'fixture_pack', version: '1.0.0' },
      { packId: 'fixture_pack', version: '1.1.0' },
    ]);
    const { header, rows } = table(out, 'outcomes.csv');
    const published = rows.filter((r) => r[header.indexOf('suppressed')] === '0').map((r) => r.join(','));
    expect(published).toEqual(['2026-03-01,zh-Hans,,resolved,0,fixture_pack,1.0.0,12,0', '2026-03-01,zh-Hans,,resolved,0,fixture_pack,1.1.0,18,0']);
    expect(rows).toHaveLength(3 * 4 * 7 * 2 * 2); // locales x ('' + 3 causes) x outcomes x modes x versions
    expect(verifyExport(out)).toEqual([]);
  });

  it('publishes no count below k: small and zero cells are empty and flagged', () => {
    const { db } = storeWithTraffic(tempDir());
    setSetting(db, 'stats_k', 20);
    const out = tempDir();
    exportStats(db, out, { ...PERIOD, today: TODAY });
    let published = 0;
    let suppressed = 0;
    for (const name of ['outcomes.csv', 'durations.csv', 'step_funnel.csv', 'features.csv']) {
      const { header, rows } = table(out, name);
      const [s, flag] = [header.indexOf('sessions'), header.indexOf('suppressed')];
      for (const r of rows) {
        if (r[flag] === '1') {
          expect(r[s]).toBe('');
          suppressed++;
        } else {
          expect(Number(r[s])).toBeGreaterThanOrEqual(20);
          published++;
        }
      }
    }
    expect(published).toBeGreaterThan(20);
    expect(suppressed).toBeGreaterThan(published);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).k).toBe(20);
  });

  it('has the same rows, in the same order, whatever the traffic: only the counts differ', () => {
    const dims = (dir: string, name: string) => table(dir, name).rows.map((r) => r.slice(0, -2).join(','));
    const busy = storeWithTraffic(tempDir(), { sessions: 3000, seed: 1 });
    const quiet = storeWithTraffic(tempDir(), { sessions: 40, seed: 2, days: 2 });
    const [a, b] = [tempDir(), tempDir()];
    exportStats(busy.db, a, { ...PERIOD, today: TODAY });
    exportStats(quiet.db, b, { ...PERIOD, today: TODAY });
    for (const name of ['outcomes.csv', 'durations.csv', 'step_funnel.csv', 'features.csv']) expect(dims(a, name)).toEqual(dims(b, name));
    expect(readFileSync(join(a, 'outcomes.csv'))).not.toEqual(readFileSync(join(b, 'outcomes.csv')));
  });

  it('holds no session id, no time finer than a day and no free text', () => {
    const { db } = storeWithTraffic(tempDir());
    const out = tempDir();
    exportStats(db, out, { ...PERIOD, today: TODAY });
    const text = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(text).not.toMatch(/\d{2}:\d{2}|T\d{2}|Z"/); // no times
    expect(text).not.toMatch(/session_id|"id"|started|ended/i);
    for (const name of ['outcomes.csv', 'durations.csv', 'step_funnel.csv', 'features.csv']) {
      const { header, rows } = table(out, name);
      for (const r of rows) r.forEach((v, i) => expect(v).toMatch(header[i] === 'pack_version' ? /^\d+\.\d+\.\d+$/ : /^[a-z0-9_:-]*$/i));
    }
  });

  it('with complementary suppression, published totals never narrow a suppressed cell below k-1', () => {
    // 70 resolved sessions on one day: every duration bucket gets 11 or more, so the durations of
    // "resolved" are all published; the outcomes cells of "resolved" are 40 + 27 published + 3 hidden.
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    setSetting(db, 'kiosk_pseudonym', 'branch-042');
    const buckets = [30, 100, 200, 400, 900];
    const plan = [
      ...Array.from({ length: 40 }, () => ({ locale: 'en' as const, cause: 'network' })),
      ...Array.from({ length: 27 }, () => ({ locale: 'zh-Hans' as const, cause: 'network' })),
      ...Array.from({ length: 3 }, () => ({ locale: 'zh-Hant' as const, cause: 'outage' })),
    ];
    plan.forEach((p, i) =>
      logScripted(db, {
        start: `2026-03-01T0${1 + (i % 8)}:${String(i % 60).padStart(2, '0')}:00.000Z`,
        locale: p.locale,
        seconds: buckets[i % 5]!,
        events: [{ type: 'cause_shown', causeId: p.cause, rank: 0 }],
        outcome: 'resolved',
      }),
    );
    const out = tempDir();
    const summary = exportStats(db, out, { from: '2026-03-01', to: '2026-03-01', today: TODAY });
    expect(summary.suppression.complementary).toBeGreaterThan(0);

    // The attack: published durations of "resolved" minus published outcomes of "resolved".
    const sum = (rows: string[][], outcomeCol: number) =>
      rows.filter((r) => r[outcomeCol] === 'resolved').reduce((s, r) => s + Number(r.at(-2) || 0), 0);
    const hiddenDurations = table(out, 'durations.csv').rows.some((r) => r[1] === 'resolved' && r.at(-1) === '1');
    const remainder = sum(table(out, 'durations.csv').rows, 1) - sum(table(out, 'outcomes.csv').rows, 3);
    // Either the durations side hides cells too (so the remainder is unknown), or what is left over is at least k-1.
    expect(hiddenDurations || remainder >= 10).toBe(true);
    expect(verifyExport(out)).toEqual([]);
  });
});

describe('exportStats refuses', () => {
  it('a day still in progress, and malformed or reversed or overlong periods', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    const refuse = (o: object) => exportError(() => exportStats(db, tempDir(), { today: TODAY, ...o }));
    expect(refuse({ to: TODAY })).toMatchObject({ code: 'bad_period', message: expect.stringMatching(/must end before today \(2026-03-15, UTC\)/) });
    expect(refuse({ to: '2026-03-31' }).code).toBe('bad_period');
    expect(refuse({ from: '2026-02-30' }).message).toMatch(/--from "2026-02-30" is not a date/);
    expect(refuse({ from: '2026-03-10', to: '2026-03-09' }).message).toMatch(/starts \(2026-03-10\) after it ends \(2026-03-09\)/);
    expect(refuse({ from: '2024-01-01', to: '2026-03-01' }).message).toMatch(/longer than 366 days/);
  });

  it('by default, exports from the first logged day to yesterday', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    const s = exportStats(db, tempDir(), { today: TODAY });
    expect(s.manifest.period).toEqual({ from: '2026-03-01', to: '2026-03-14' });
  });

  it('by default, at most the longest period back: a log older than a year still exports with no dates given', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    const out = tempDir();
    const s = exportStats(db, out, { today: '2027-06-01' });
    expect(s.manifest.period).toEqual({ from: '2026-05-31', to: '2027-05-31' });
    expect(verifyExport(out)).toEqual([]);
  });

  it('a period that overlaps an earlier export without being the same one, since the two could be subtracted', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    rememberExportedPeriod(db, { from: '2026-03-01', to: '2026-03-10' }, new Date('2026-03-11T08:00:00Z'));
    const refuse = (o: object) => exportError(() => exportStats(db, tempDir(), { today: TODAY, ...o }));
    expect(refuse({ from: '2026-03-01', to: '2026-03-11' })).toMatchObject({
      code: 'overlapping_period',
      message: expect.stringMatching(/^2026-03-01 to 2026-03-11 overlaps the export of 2026-03-01 to 2026-03-10/),
    });
    expect(refuse({ from: '2026-03-10', to: '2026-03-12' }).code).toBe('overlapping_period');
    expect(refuse({ from: '2026-03-05', to: '2026-03-05' }).code).toBe('overlapping_period');
    // The same period again is a second copy, and the days after it are new.
    expect(exportStats(db, tempDir(), { today: TODAY, from: '2026-03-01', to: '2026-03-10' }).manifest.period).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(exportStats(db, tempDir(), { today: TODAY, from: '2026-03-11', to: '2026-03-12' }).manifest.period).toEqual({ from: '2026-03-11', to: '2026-03-12' });
  });

  it('with no dates given, carries on from the last export; with nothing new, makes the same export again', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    rememberExportedPeriod(db, { from: '2026-03-01', to: '2026-03-10' }, new Date('2026-03-11T08:00:00Z'));
    const first = tempDir();
    const next = exportStats(db, first, { today: TODAY });
    expect(next.manifest.period).toEqual({ from: '2026-03-11', to: '2026-03-14' });
    rememberExportedPeriod(db, next.manifest.period, new Date('2026-03-15T08:00:00Z'));
    const again = tempDir();
    expect(exportStats(db, again, { today: TODAY }).manifest.period).toEqual({ from: '2026-03-11', to: '2026-03-14' });
    // Byte for byte the same counts: a second copy publishes nothing the first did not.
    for (const name of readdirSync(first).filter((n) => n.endsWith('.csv'))) expect(readFileSync(join(again, name), 'utf8')).toBe(readFileSync(join(first, name), 'utf8'));
    // A clock set back behind the last export is said, not exported around.
    expect(exportError(() => exportStats(db, tempDir(), { today: '2026-03-12' })).message).toMatch(/last export ran to 2026-03-14, after yesterday \(2026-03-11\): check the kiosk's clock/);
  });

  it('without a kiosk pseudonym, unless one is given for this export', () => {
    const db = openStore(':memory:');
    expect(exportError(() => exportStats(db, tempDir(), { today: TODAY })).code).toBe('no_pseudonym');
    expect(exportError(() => exportStats(db, tempDir(), { today: TODAY, pseudonym: 'has space' })).code).toBe('no_pseudonym');
    const s = exportStats(db, tempDir(), { today: TODAY, pseudonym: 'kiosk-7' });
    expect(s.manifest.kioskPseudonym).toBe('kiosk-7');
    // Nothing logged yet: the default period is just yesterday, every cell suppressed.
    expect(s.manifest.period).toEqual({ from: '2026-03-14', to: '2026-03-14' });
  });

  it('to write over an existing export', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    const out = tempDir();
    exportStats(db, out, { ...PERIOD, today: TODAY });
    const before = readFileSync(join(out, 'manifest.json'));
    expect(exportError(() => exportStats(db, out, { ...PERIOD, today: TODAY })).code).toBe('already_exported');
    expect(readFileSync(join(out, 'manifest.json'))).toEqual(before);
  });
});

describe('exportStats on a bad medium', () => {
  const failingIo = (code: string, failOnWrite: number): ExportIo => {
    let writes = 0;
    return {
      ...nodeIo,
      writeDurable(path, data) {
        if (++writes === failOnWrite) {
          writeFileSync(path, data.slice(0, 100)); // the part that made it before the disk filled up
          throw Object.assign(new Error(`${code}: simulated, write '${path}'`), { code });
        }
        nodeIo.writeDurable(path, data);
      },
    };
  };

  it('a full disk gives a clear error and leaves no file behind, so nothing looks like an export', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    for (const failOn of [1, 3, 5]) {
      const out = tempDir();
      writeFileSync(join(out, 'README.txt'), 'not ours');
      const err = exportError(() => exportStats(db, out, { ...PERIOD, today: TODAY, io: failingIo('ENOSPC', failOn) }));
      expect(err.code).toBe('disk_full');
      expect(err.message).toMatch(/is full; nothing was exported/);
      expect(readdirSync(out)).toEqual(['README.txt']);
    }
  });

  it('a folder that cannot be written gives a clear error', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const err = exportError(() => exportStats(db, join(file, 'stats'), { ...PERIOD, today: TODAY }));
    expect(err).toMatchObject({ code: 'not_writable', message: expect.stringMatching(/^Cannot write to .*a-file\/stats; nothing was exported/) });

    const readOnly = tempDir();
    const err2 = exportError(() => exportStats(db, readOnly, { ...PERIOD, today: TODAY, io: failingIo('EROFS', 1) }));
    expect(err2.code).toBe('not_writable');
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it('a cut-short export (no manifest) fails verification', () => {
    const { db } = storeWithTraffic(tempDir(), { sessions: 50 });
    const out = tempDir();
    // The manifest write fails and, say, the stick is pulled: not even the clean-up runs.
    const io: ExportIo = { ...failingIo('ENOSPC', 5), remove: () => undefined };
    exportError(() => exportStats(db, out, { ...PERIOD, today: TODAY, io }));
    expect(readdirSync(out).sort()).toEqual(['durations.csv', 'features.csv', 'manifest.json.partial', 'outcomes.csv', 'step_funnel.csv']);
    expect(verifyExport(out)).toEqual([{ file: 'manifest.json', message: expect.stringMatching(/^missing: this folder is not a complete export/) }]);
  });
});
