// npm run dist:dry-run: runs the real electron-builder with the real config
// (build/electron-builder.config.js) OFFLINE, as far as packaging can go
// without the internet: a Linux unpacked directory (`--linux dir`) built
// around a stub Electron. It proves what the installers would contain: which
// files are in app.asar (the config's afterPack hook checks them), the native
// module and the kiosk session files in resources/, the trimmed locales, and
// that every fuse ends up as configured (read back from the stub binary).
//
// It proves nothing about Electron itself: the stub is a shell script carrying
// a fuse wire at Electron 45's defaults, and the "native module" is the Node
// build of better-sqlite3 with its ABI symbol renamed, so it passes the
// beforePack check and could never load. All of it happens in a temporary
// copy of the project; the real native-electron/ and out/ are not touched.
//
// KEEP=1 keeps the temporary copy (its path is printed) for inspection.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { electronAbi } = require('../build/native-module.js');
const config = require('../build/electron-builder.config.js');
const { NATIVE_MODULE } = require('../build/package-contents.js');

if (process.platform !== 'linux') {
  console.error('dist:dry-run packs a Linux directory around a stub Electron; run it on Linux.');
  process.exit(1);
}

/** Names in @electron/fuses' FuseV1Options order, as electron-builder's electronFuses spells them. */
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];
/** Electron's own defaults, so a fuse the config forgot shows up as unchanged. */
const ELECTRON_DEFAULTS = '10110001';
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

const skip = new Set(['node_modules', '.git', 'out', 'release', 'native-electron', 'test-results', 'playwright-report', '.reports', 'harness-data']);
const work = mkdtempSync(path.join(tmpdir(), 'kiosk-dry-run-'));
let ok = false;
try {
  // ---- a copy of the project, sharing node_modules ----
  const project = path.join(work, 'project');
  cpSync(root, project, { recursive: true, filter: (src) => !skip.has(path.relative(root, src).split(path.sep)[0]) });
  symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: project, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed (see above)');

  // ---- stub Electron: a binary with a fuse wire, locales to trim ----
  const stub = path.join(work, 'stub-electron');
  mkdirSync(path.join(stub, 'locales'), { recursive: true });
  mkdirSync(path.join(stub, 'resources'), { recursive: true });
  const wire = Buffer.from([1, ELECTRON_DEFAULTS.length, ...Buffer.from(ELECTRON_DEFAULTS, 'latin1')]);
  writeFileSync(path.join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 1\n'), Buffer.from(SENTINEL), wire, Buffer.from('\n')]), { mode: 0o755 });
  for (const locale of ['en-US', 'zh-CN', 'zh-TW', 'de', 'fr', 'ja']) writeFileSync(path.join(stub, 'locales', `${locale}.pak`), '');
  writeFileSync(path.join(stub, 'LICENSE'), '');

  // ---- stand-in native module: the Node build, ABI symbol renamed ----
  const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const from = `node_register_module_v${process.versions.modules}`;
  const to = `node_register_module_v${electronAbi(root)}`;
  if (from.length !== to.length) throw new Error(`cannot stand in for ABI ${to} with ${from} (different lengths)`);
  const bytes = readFileSync(nodeBuild).toString('latin1').split(from).join(to);
  mkdirSync(path.join(project, path.dirname(NATIVE_MODULE)), { recursive: true });
  writeFileSync(path.join(project, NATIVE_MODULE), Buffer.from(bytes, 'latin1'));

  // ---- the real config, pointed at the stub ----
  writeFileSync(
    path.join(project, 'dry-run.config.js'),
    `module.exports = { ...require('./build/electron-builder.config.js'), electronDist: ${JSON.stringify(stub)} };\n`,
  );
  const cli = require.resolve('electron-builder/cli.js');
  const pack = spawnSync(process.execPath, [cli, '--config', 'dry-run.config.js', '--publish', 'never', '--linux', 'dir'], { cwd: project, stdio: 'inherit' });
  if (pack.status !== 0) throw new Error('electron-builder failed (see above)');

  // ---- read back what electron-builder did ----
  const appOut = path.join(project, config.directories.output, 'linux-unpacked');
  const problems = [];
  const binary = readFileSync(path.join(appOut, config.linux.executableName));
  const at = binary.indexOf(SENTINEL) + SENTINEL.length;
  FUSES.forEach((name, i) => {
    const state = String.fromCharCode(binary[at + 2 + i]);
    const want = config.electronFuses[name] ? '1' : '0';
    if (state !== want) problems.push(`fuse ${name} is ${state}, the config says ${want}`);
  });
  const locales = spawnSync('ls', [path.join(appOut, 'locales')], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
  const wantLocales = config.electronLanguages.map((l) => `${l}.pak`).sort();
  if (JSON.stringify(locales) !== JSON.stringify(wantLocales)) problems.push(`locales are ${locales.join(', ')}, want ${wantLocales.join(', ')}`);
  // Every kiosk-setup file the config ships (the Linux guide installs each from there).
  const kioskSetup = config.linux.extraResources.filter((r) => r.to === 'kiosk-setup').flatMap((r) => r.filter.map((f) => `kiosk-setup/${f}`));
  for (const file of [NATIVE_MODULE, ...kioskSetup]) {
    if (!existsSync(path.join(appOut, 'resources', file))) problems.push(`resources/${file} is missing`);
  }
  if (problems.length > 0) throw new Error(`the packed directory is wrong:\n- ${problems.join('\n- ')}`);
  console.log(`dist:dry-run: ok (electron-builder packed ${path.relative(project, appOut)}; app.asar contents checked by afterPack; ${FUSES.length} fuses as configured; locales ${locales.join(', ')}).`);
  ok = true;
} catch (err) {
  console.error(`dist:dry-run: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  if (process.env['KEEP'] === '1') console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
