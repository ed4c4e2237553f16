/**
 * npm run stats:export -- --db FILE --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--pseudonym NAME]
 *
 * Writes the anonymized statistics export of a kiosk store without the UI
 * (format: db/EXPORT-FORMAT.md), in a worker thread like the kiosk does, then
 * re-checks it with the verifier. Exit code 1 on any problem.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runExportInWorker } from '../db/export-worker';

const USAGE = `Usage: npm run stats:export -- --db FILE --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--pseudonym NAME]

  --db FILE         the kiosk store (SQLite file)
  --out DIR         folder to write into (created if missing; must not hold an export already)
  --from, --to      first and last UTC day to export (default: first logged day to yesterday)
  --pseudonym NAME  kiosk name for this export only (default: the one set in the admin screen)`;

function fail(message: string): never {
  process.stderr.write(`stats:export: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        pseudonym: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const db = values.db as string | undefined;
  const out = values.out as string | undefined;
  if (!db || !out) fail(`--db and --out are required.\n\n${USAGE}`);
  if (!existsSync(db)) fail(`no store at ${db}`);

  const options = {
    ...(values.from ? { from: values.from as string } : {}),
    ...(values.to ? { to: values.to as string } : {}),
    ...(values.pseudonym ? { pseudonym: values.pseudonym as string } : {}),
  };
  let summary;
  try {
    summary = await runExportInWorker({ file: resolve(db), outDir: resolve(out), options });
  } catch (err) {
    fail((err as Error).message);
  }
  const m = summary.manifest;
  process.stdout.write(
    `Exported ${m.period.from} to ${m.period.to} for kiosk ${m.kioskPseudonym} (k = ${m.k}) into ${summary.dir}\n` +
      m.files.map((f) => `  ${f.name}  ${f.rows} rows  sha256 ${f.sha256}\n`).join('') +
      `  suppressed cells: ${summary.suppression.primary} below k, ${summary.suppression.complementary} to protect them\n`,
  );
  const problems = summary.problems;
  if (problems.length > 0) {
    fail(`the export failed its own verification:\n${problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n')}`);
  }
  process.stdout.write('Verified: every rule holds.\n');
}

void main();
