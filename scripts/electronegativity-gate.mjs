// Electronegativity gate: `node scripts/electronegativity-gate.mjs` (a step of
// npm test). Scans electron/ with Electronegativity and exits 1 if any finding
// has no written reason next to the code it flags. Runs offline (the tool
// waits ~9 s on a failed Electron release lookup; harmless).
//
// Why a gate of our own: electronegativity 1.10.3 always exits 0, so the result
// has to be read from its CSV (/work/shared/TOOLCHAIN.md). And its CSV is
// written by two unsynchronized async writes (header, then rows), which can
// garble or drop rows, while `-o` also hides the files it failed to parse. So
// the gate parses the CSV strictly and cross-checks it with a second,
// in-process run of the same scanner, which also reports parse errors.
//
// ---- The annotation convention ----
//
// A finding is explained by a comment naming its check and giving a reason:
//
//     // electronegativity: CONTEXT_ISOLATION_JS_CHECK — kioskWindowOptions() sets contextIsolation: true (window.test.ts)
//     window = new BrowserWindow(kioskWindowOptions(...));
//
// - Where: on the flagged line itself, or in the comment directly above it
//   (a run of comment lines with no blank or code line between it and the
//   flagged line). One comment line per check, so each reason fits its check.
// - Form: `electronegativity:` then one or more check names as the tool
//   prints them (comma-separated), then a dash (— or -- or -), then the reason.
// - Any comment syntax: `//`, `/* */`, ` * ` (JSDoc lines), `<!-- -->` (HTML).
// - The reason must say why the finding is safe here, in at least 20
//   characters (it may go on over the following comment lines). A bare
//   "ok" or "false positive" is refused.
//
// Findings in files that never ship are listed but not gated: unit tests
// (*.test.ts) and electron/test/ (the fake electron module). The packaging
// config keeps them out of the app (build/package-contents.js, checked by
// scripts/electron-builder-config.test.ts and at packing time).
//
// Annotations whose finding has gone are reported as stale (a warning): delete
// them when the code no longer needs them.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

export const SCAN_DIR = 'electron';
/** Runs of the CLI before a garbled CSV fails the gate. */
const CLI_ATTEMPTS = 3;

export const CSV_HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const WIKI = 'https://github.com/doyensec/electronegativity/wiki/';
const MIN_REASON = 20;

/**
 * @typedef {{ check: string, severity: string, confidence: string, file: string, location: string, line: number, column: number, sample: string, description: string }} Finding
 */

/**
 * Parses Electronegativity's CSV strictly: the header first and once, RFC 4180
 * quoting, exactly eight fields a row, a check id, a line:column, the check's
 * wiki URL. Throws on anything else, since a garbled CSV could hide findings.
 * @param {string} text
 * @returns {Finding[]}
 */
export function parseElectronegativityCsv(text) {
  const records = parseCsvRecords(text);
  if (records.length === 0 || records[0].join(',') !== CSV_HEADER.split(', ').join(',')) {
    throw new Error(`the CSV does not start with Electronegativity's header (${JSON.stringify(text.slice(0, 80))})`);
  }
  return records.slice(1).map(function toFinding(fields, index) {
    const row = index + 2;
    if (fields.length !== 8) throw new Error(`CSV record ${row} has ${fields.length} fields, not 8: ${JSON.stringify(fields.join(',').slice(0, 120))}`);
    const [check, severity, confidence, file, location, sample, description, url] = fields;
    if (!/^[A-Z0-9_]+$/.test(check)) throw new Error(`CSV record ${row}: ${JSON.stringify(check)} is not a check name`);
    if (url !== WIKI + check) throw new Error(`CSV record ${row}: URL ${JSON.stringify(url)} does not belong to ${check}`);
    // Global findings may have no place in a file; they then cannot be annotated and stay unexplained.
    const at = /^(\d+):(\d+)$/.exec(location);
    return { check, severity, confidence, file, location, line: at ? Number(at[1]) : 0, column: at ? Number(at[2]) : 0, sample, description };
  });
}

/** RFC 4180 records; fields may be quoted ("" escapes a quote) and contain commas and newlines. */
function parseCsvRecords(text) {
  const records = [];
  let fields = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push(fields);
    fields = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') throw new Error(`CSV: text after a closing quote at offset ${i}`);
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      if (field.trim() !== '') throw new Error(`CSV: quote inside an unquoted field at offset ${i}`);
      field = '';
      quoted = true;
    } else if (c === ',') {
      endField();
      // The header separates names with ", ".
      while (text[i + 1] === ' ' && records.length === 0) i += 1;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
    } else {
      field += c;
    }
    i += 1;
  }
  if (quoted) throw new Error('CSV: the file ends inside a quoted field');
  endRecord();
  return records;
}

/** Unit tests and the fake electron module: never packaged. Paths relative to the project, with /. */
export function isShipped(relativeFile) {
  return !/\.test\.[cm]?[jt]sx?$/.test(relativeFile) && !/^electron\/test\//.test(relativeFile);
}

const ANNOTATION = /electronegativity:\s*([A-Z0-9_]+(?:\s*,\s*[A-Z0-9_]+)*)\s*(?:—|--|-)\s*(.*)$/;

function isCommentLine(line) {
  const t = line.trim();
  return t.startsWith('//') || t.startsWith('/*') || t.startsWith('*') || t.startsWith('<!--') || t.endsWith('-->') || t.endsWith('*/');
}

function commentText(line) {
  return line
    .trim()
    .replace(/^(\/\/+|\/\*+|\*+|<!--)\s?/, '')
    .replace(/(\*\/|-->)\s*$/, '')
    .trim();
}

/**
 * The annotations that apply to `lineNumber` (1-based) of `lines`: on that
 * line, or in the comment lines directly above it.
 * @returns {{ checks: string[], reason: string, line: number }[]}
 */
export function annotationsFor(lines, lineNumber) {
  const candidates = [lineNumber];
  for (let n = lineNumber - 1; n >= 1 && isCommentLine(lines[n - 1] ?? ''); n -= 1) candidates.push(n);
  const found = [];
  for (const n of candidates) {
    const annotation = parseAnnotation(lines, n);
    if (annotation) found.push(annotation);
  }
  return found;
}

/** The annotation on line n (1-based), its reason continued over following comment lines that are not annotations themselves. */
function parseAnnotation(lines, n) {
  const m = ANNOTATION.exec(lines[n - 1] ?? '');
  if (!m) return undefined;
  let reason = m[2].replace(/(\*\/|-->)\s*$/, '').trim();
  for (let k = n + 1; k <= lines.length && isCommentLine(lines[k - 1]) && !ANNOTATION.test(lines[k - 1]); k += 1) {
    const more = commentText(lines[k - 1]);
    if (more) reason += ` ${more}`;
  }
  return { checks: m[1].split(',').map((s) => s.trim()), reason, line: n };
}

/** Every annotation in a file, for the stale check. */
export function allAnnotations(lines) {
  const found = [];
  for (let n = 1; n <= lines.length; n += 1) {
    const annotation = parseAnnotation(lines, n);
    if (annotation) found.push(annotation);
  }
  return found;
}

/**
 * Splits findings into explained, ignored (not shipped) and unexplained.
 * @param {Finding[]} findings
 * @param {(file: string) => string[]} readLines a file's lines (absolute path), [] when it is missing
 */
export function judge(findings, readLines, projectRoot = root) {
  const explained = [];
  const ignored = [];
  const unexplained = [];
  for (const finding of findings) {
    const relative = path.relative(projectRoot, path.resolve(projectRoot, finding.file)).split(path.sep).join('/');
    const entry = { ...finding, relative };
    if (!isShipped(relative)) {
      ignored.push(entry);
      continue;
    }
    const lines = finding.line > 0 ? readLines(path.resolve(projectRoot, finding.file)) : [];
    const annotation = annotationsFor(lines, finding.line).find((a) => a.checks.includes(finding.check));
    if (finding.line <= 0) unexplained.push({ ...entry, why: `no line to annotate (location ${finding.location}): fix the cause` });
    else if (!annotation) unexplained.push({ ...entry, why: 'no annotation' });
    else if (annotation.reason.length < MIN_REASON) unexplained.push({ ...entry, why: `reason too short on line ${annotation.line}: ${JSON.stringify(annotation.reason)}` });
    else explained.push({ ...entry, reason: annotation.reason });
  }
  return { explained, ignored, unexplained };
}

// ---------------------------------------------------------------------------

function electronVersion() {
  return JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** The CLI, as documented: writes the CSV. Resolves with its exit code and output. */
function runCli(csv, version) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['electronegativity', '-i', SCAN_DIR, '-e', version, '-o', csv], {
      cwd: root,
      shell: process.platform === 'win32',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: -1, output: `${output}${err.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The same scanner in this process: its issues and the files it could not parse. */
async function runInProcess(version) {
  const runner = require('@doyensec/electronegativity');
  const run = runner.default ?? runner;
  // Same options the CLI passes (dist/index.js), minus the output file.
  const result = await run(
    {
      input: path.join(root, SCAN_DIR),
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: false,
      isVerbose: true,
      electronUpgrade: undefined,
      electronVersionOverride: version,
      parserPlugins: [],
    },
    false,
  );
  return result;
}

const key = (check, file, location) => `${check} ${file}:${location}`;

function listSourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSourceFiles(full));
    else if (/\.(ts|js|html)$/.test(entry.name)) out.push(full);
  }
  return out;
}

async function main() {
  const version = electronVersion();
  const csv = path.join(tmpdir(), `help-kiosk-electronegativity-${process.pid}.csv`);
  // A leftover file would be partly overwritten, not replaced.
  rmSync(csv, { force: true });
  const problems = [];
  const lineCache = new Map();
  const readLines = (file) => {
    if (!lineCache.has(file)) lineCache.set(file, existsSync(file) ? readFileSync(file, 'utf8').split(/\r?\n/) : []);
    return lineCache.get(file);
  };

  console.log(`electronegativity: scanning ${SCAN_DIR}/ for Electron ${version} (offline, ~10 s) ...`);
  const scanRun = runInProcess(version).catch((err) => ({ failed: err instanceof Error ? err.message : String(err) }));
  let findings = [];
  // The CLI's CSV race garbles a run now and then (see the top of this file): a damaged CSV, or one that
  // disagrees with the in-process scan, is retried a few times before it fails the gate.
  for (let attempt = 1; ; attempt++) {
    const attemptProblems = [];
    const [cli, scan] = await Promise.all([runCli(csv, version), scanRun]);
    findings = [];
    if (cli.code !== 0) attemptProblems.push(`the electronegativity CLI exited with ${cli.code}:\n${cli.output.trim()}`);
    let garbled = false;
    if (!existsSync(csv)) {
      attemptProblems.push('the electronegativity CLI wrote no CSV');
      garbled = true;
    } else {
      try {
        findings = parseElectronegativityCsv(readFileSync(csv, 'utf8'));
      } catch (err) {
        attemptProblems.push(`the CSV is damaged (${err instanceof Error ? err.message : String(err)})`);
        garbled = true;
      }
      rmSync(csv, { force: true });
    }
    if ('failed' in scan) {
      attemptProblems.push(`the in-process cross-check could not run: ${scan.failed}`);
    } else {
      for (const error of scan.errors ?? []) {
        attemptProblems.push(`electronegativity could not parse ${path.relative(root, error.file ?? '?')} (${error.message}), so it was not scanned`);
      }
      const fromScan = scan.issues.map((i) => key(i.id, i.file, `${i.location?.line}:${i.location?.column}`)).sort();
      const fromCsv = findings.map((f) => key(f.check, f.file, f.location)).sort();
      if (fromScan.join('\n') !== fromCsv.join('\n')) {
        attemptProblems.push(`the CSV (${fromCsv.length} findings) disagrees with the in-process scan (${fromScan.length}).\n  CSV:  ${fromCsv.join('\n        ')}\n  scan: ${fromScan.join('\n        ')}`);
        garbled = true;
      }
    }
    if (!garbled || attempt === CLI_ATTEMPTS) {
      problems.push(...attemptProblems);
      break;
    }
    console.log(`  the CLI's CSV was garbled (attempt ${attempt} of ${CLI_ATTEMPTS}: ${attemptProblems[0].split('\n')[0]}); running it again`);
  }

  const { explained, ignored, unexplained } = judge(findings, readLines);
  for (const f of explained) console.log(`  explained  ${f.check} ${f.relative}:${f.line} — ${f.reason}`);
  for (const f of ignored) console.log(`  not shipped ${f.check} ${f.relative}:${f.line} (test code, not packaged)`);
  for (const f of unexplained) {
    console.log(`  UNEXPLAINED ${f.severity} ${f.check} ${f.relative}:${f.line}:${f.column} ${f.sample.slice(0, 100)}\n              ${f.description} (${WIKI}${f.check}) — ${f.why}`);
  }

  // Stale annotations: a warning, not a failure.
  const live = new Set(findings.map((f) => `${f.check} ${path.resolve(root, f.file)}`));
  for (const file of listSourceFiles(path.join(root, SCAN_DIR))) {
    for (const annotation of allAnnotations(readLines(file))) {
      for (const check of annotation.checks) {
        if (!live.has(`${check} ${file}`)) console.log(`  warning: stale annotation ${check} at ${path.relative(root, file)}:${annotation.line} (no such finding now)`);
      }
    }
  }

  for (const problem of problems) console.log(`  FAILED: ${problem}`);
  const failed = unexplained.length > 0 || problems.length > 0;
  console.log(
    `electronegativity: ${findings.length} findings: ${explained.length} explained, ${ignored.length} in test code, ${unexplained.length} unexplained${problems.length ? `; ${problems.length} scan problem(s)` : ''}.`,
  );
  if (unexplained.length > 0) {
    console.log('  Fix the code, or add `// electronegativity: <CHECK> — <why it is safe here>` on or directly above the flagged line (see this script\'s header).');
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`electronegativity gate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}
