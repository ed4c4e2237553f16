/**
 * npm run stats:verify -- DIR
 *
 * Re-checks a statistics export folder (db/EXPORT-FORMAT.md) and lists every
 * broken rule. Exit code 1 if there is any.
 */
import { verifyExport } from '../db/verify-export';

const USAGE = 'Usage: npm run stats:verify -- DIR   (a folder written by npm run stats:export or the admin screen)';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length !== 1 || args[0]!.startsWith('-')) {
  process.stderr.write(`stats:verify: expected one folder.\n${USAGE}\n`);
  process.exit(1);
}
const dir = args[0]!;
const problems = verifyExport(dir);
if (problems.length === 0) {
  process.stdout.write(`OK: ${dir} keeps every rule of the export format.\n`);
  process.exit(0);
}
process.stderr.write(`FAILED: ${dir} breaks ${problems.length} rule(s):\n`);
for (const p of problems) {
  process.stderr.write(`  ${p.file}${p.line ? `:${p.line}` : ''}${p.column ? ` [${p.column}]` : ''}: ${p.message}\n`);
}
process.exit(1);
