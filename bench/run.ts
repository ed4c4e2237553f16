/**
 * `npm run bench`: every issue-6 measure in one go, each against a floor
 * measured in the same run, printed as one table and written to
 * BENCHMARKS.md (machine, date, table, method notes, and bench/notes.md: what
 * each change bought, and what is still open). Not part of `npm test`.
 *
 *   npm run bench                 the full run (~8 minutes on 2 cores), rewrites BENCHMARKS.md
 *   npm run bench -- --quick      smaller counts, a smoke test; prints only (unless --write)
 *   npm run bench -- --no-build   measure out/renderer as it is, even if older than renderer/
 *
 * Every data set is seeded (db/test/generate-sessions.ts, bench/lib/walk.ts).
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../e2e/chromium-args';
import { measureBrowser, type BrowserOutcome } from './browser';
import { measureEventWrites } from './event-write';
import { buildExportStore, measureExport } from './export';
import { describeMachine, loadAverage, type Machine } from './lib/machine';
import { fmt, markdownTable, textTable, verdict, type Row } from './lib/report';
import { removeTempDirs } from './lib/temp';
import { measureMemory } from './memory';
import { measureSizes, RENDERER_DIR, ROOT } from './sizes';

interface Args {
  quick: boolean;
  build: boolean;
  write: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const known = new Set(['--quick', '--no-build', '--write']);
  for (const a of argv) if (!known.has(a)) throw new Error(`Unknown argument "${a}". Usage: npm run bench [-- --quick] [--no-build] [--write]`);
  const quick = argv.includes('--quick');
  return { quick, build: !argv.includes('--no-build'), write: !quick || argv.includes('--write') };
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Builds the renderer when out/renderer is missing or older than its sources, as `npm run build:renderer` would. */
function ensureRenderer(build: boolean, log: (s: string) => void): string {
  const index = join(RENDERER_DIR, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), statSync(join(ROOT, 'vite.config.mts')).mtimeMs);
  if (built >= sources) return 'out/renderer was up to date';
  if (!build) return built === 0 ? 'out/renderer missing (--no-build)' : 'out/renderer OLDER than renderer/ (--no-build): figures are for the last build';
  log('building the renderer (vite build)…');
  try {
    execSync('npx vite build --logLevel warn', { cwd: ROOT, stdio: 'inherit' });
    return 'out/renderer rebuilt by this run';
  } catch {
    if (!existsSync(index)) throw new Error('vite build failed and there is no earlier build to measure');
    log('vite build FAILED: measuring the previous build');
    return 'vite build failed in this run: figures are for the previous build';
  }
}

function markdown(machine: Machine, rows: readonly Row[], meta: { date: string; minutes: number; loadEnd: string; build: string; chromium: string; quick: boolean }): string {
  const notes = readFileSync(join(__dirname, 'notes.md'), 'utf8').trim();
  const failed = rows.filter((r) => r.pass === false);
  const method = rows
    .filter((r) => r.note)
    .map((r) => `- **${r.measure}** (${fmt(r.value, r.unit)}, ${verdict(r.pass)}): ${r.note}`)
    .join('\n');
  return `# Benchmarks

<!-- Written by \`npm run bench\` (bench/run.ts). Edit bench/notes.md for the prose below the table; the rest is regenerated. -->

Measured ${meta.date} in ${meta.minutes.toFixed(1)} minutes${meta.quick ? ' (**--quick**: reduced counts, not a reference run)' : ''}.
${failed.length === 0 ? 'Every judged target is met.' : `**${failed.length} target${failed.length > 1 ? 's' : ''} missed:** ${failed.map((r) => r.measure).join('; ')}. See "Open" below.`}

## Machine

| | |
| --- | --- |
| CPU | ${machine.cpu}, ${machine.cores} cores |
| RAM | ${machine.ramGiB.toFixed(1)} GiB |
| OS | ${machine.os} |
| Node | ${machine.node} |
| Chromium | ${meta.chromium} (headless, \`${CHROMIUM_ARGS.join(' ')}\`) |
| SQLite | ${machine.sqlite} (better-sqlite3 ${machine.betterSqlite3}) |
| Load average (1/5/15 min) | ${machine.loadStart} at the start, ${meta.loadEnd} at the end: the machine is shared, which is why every figure has a floor measured alongside it |
| Renderer | ${meta.build} |

## Results

${markdownTable(rows)}

Ratio = value / floor. "info" rows have no target of their own; they explain the judged ones.

## How each figure was measured

${method}

${notes}
`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const log = (s: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);
  const machine = describeMachine();
  log(`${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, Node ${machine.node}, load ${machine.loadStart}`);
  const build = ensureRenderer(args.build, log);
  log(build);

  const rows: Row[] = [];
  log('Chromium: load to interactive, then tap to next screen painted…');
  const browser: BrowserOutcome = await measureBrowser({ taps: args.quick ? 80 : 1000, loads: args.quick ? 5 : 40, log });
  rows.push(...browser.rows);

  log('session event writes…');
  rows.push(...measureEventWrites({ n: args.quick ? 1000 : 20_000 }));

  log('statistics export: generating the seeded store…');
  const store = buildExportStore(args.quick ? 20_000 : undefined);
  log(`  ${store.events.toLocaleString('en-US')} events in ${store.sessions.toLocaleString('en-US')} sessions (${(store.generateMs / 1000).toFixed(1)} s, ${(store.bytes / 1e6).toFixed(1)} MB)`);
  rows.push(...(await measureExport(store, { repeats: args.quick ? 2 : 3 })));

  log('memory: simulated sessions in a child process…');
  rows.push(...measureMemory({ sessions: args.quick ? 2000 : 10_000 }));

  log('sizes…');
  rows.push(...measureSizes(browser));

  const minutes = (performance.now() - started) / 60_000;
  console.log('');
  console.log(textTable(rows));
  console.log('');
  const failed = rows.filter((r) => r.pass === false).length;
  console.log(`${rows.filter((r) => r.pass === true).length} targets met, ${failed} missed, ${rows.filter((r) => r.pass === null).length} informational; ${minutes.toFixed(1)} minutes.`);
  if (args.write) {
    const md = markdown(machine, rows, {
      date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
      minutes,
      loadEnd: loadAverage(),
      build,
      chromium: browser.chromiumVersion ? `Chromium ${browser.chromiumVersion}` : machine.chromium,
      quick: args.quick,
    });
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), md);
    console.log('BENCHMARKS.md rewritten.');
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(removeTempDirs);
