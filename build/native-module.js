'use strict';
/**
 * Checks that native-electron/better_sqlite3.node really is a build for the
 * Electron, platform and CPU being packaged, by reading the file itself rather
 * than trusting a stamp.
 *
 * Why: with npm_config_nodedir set, node-gyp silently builds against Node's
 * headers while the build says "Electron" (/work/shared/TOOLCHAIN.md, "Native
 * module ABI"). Such a file packages fine and then fails to load on the kiosk,
 * which shows the out-of-order page for good. The ABI is visible in the binary:
 * NODE_MODULE_INIT (better-sqlite3's src/better_sqlite3.cpp) exports a symbol
 * named node_register_module_v<NODE_MODULE_VERSION>. Node 20 is v115; the
 * Electron ABI is read from node_modules/electron/abi_version.
 *
 * Used by the electron-builder config (beforePack) and by its unit test.
 *
 * Also builds that file (ensureElectronNativeModule), once, for both
 * scripts/start.mjs and scripts/dist.mjs, so they share one place and one stamp
 * and either reuses the other's build.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { NATIVE_MODULE } = require('./package-contents');

/** ELF e_machine values. */
const ELF_MACHINE = { x64: 62, arm64: 183, ia32: 3, armv7l: 40 };
/** PE/COFF Machine values. */
const PE_MACHINE = { x64: 0x8664, arm64: 0xaa64, ia32: 0x14c };

/**
 * @param {Buffer} bytes
 * @returns {{ format: 'elf' | 'pe' | 'unknown', machine?: number, abis: number[] }}
 */
function describeNativeModule(bytes) {
  const abis = [...new Set([...bytes.toString('latin1').matchAll(/node_register_module_v(\d+)/g)].map((m) => Number(m[1])))];
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    // EI_DATA (byte 5): 1 little-endian, 2 big-endian; e_machine at 18.
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return { format: 'elf', machine, abis };
  }
  if (bytes.length >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.readUInt32BE(pe) === 0x50450000) {
      return { format: 'pe', machine: bytes.readUInt16LE(pe + 4), abis };
    }
  }
  return { format: 'unknown', abis };
}

/**
 * @param {Buffer} bytes the .node file
 * @param {{ platform: string, arch: string, abi: number }} target electron platform name (linux, win32), arch name (x64, arm64...), Electron's NODE_MODULE_VERSION
 * @returns {string[]} problems; empty when the file fits the target
 */
function nativeModuleProblems(bytes, target) {
  const problems = [];
  const found = describeNativeModule(bytes);
  const wantFormat = target.platform === 'win32' ? 'pe' : target.platform === 'linux' ? 'elf' : undefined;
  if (wantFormat === undefined) {
    problems.push(`packaging for ${target.platform} is not supported by this project (Linux and Windows only)`);
  } else if (found.format !== wantFormat) {
    problems.push(`it is not a ${target.platform} binary (found ${found.format === 'unknown' ? 'an unknown format' : found.format.toUpperCase()}): native-electron/ holds the build for the machine that ran npm start; package on the target OS`);
  } else {
    const table = wantFormat === 'pe' ? PE_MACHINE : ELF_MACHINE;
    const wantMachine = table[target.arch];
    if (wantMachine === undefined) problems.push(`unknown CPU architecture ${target.arch}`);
    else if (found.machine !== wantMachine) problems.push(`it is built for another CPU (machine ${found.machine}, ${target.arch} is ${wantMachine})`);
  }
  if (found.abis.length === 0) {
    problems.push('it has no node_register_module_v<ABI> symbol, so it is not a better-sqlite3 build this check understands');
  } else if (!found.abis.includes(target.abi)) {
    problems.push(`it is built for ABI ${found.abis.join(', ')} but Electron needs ${target.abi} (built with Node's headers? never let npm_config_nodedir reach the Electron build)`);
  }
  return problems;
}

/** NODE_MODULE_VERSION of the installed Electron (the electron package ships it as abi_version). */
function electronAbi(projectDir) {
  const text = fs.readFileSync(path.join(projectDir, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  const abi = Number(text);
  if (!Number.isInteger(abi) || abi <= 0) throw new Error(`node_modules/electron/abi_version holds ${JSON.stringify(text)}, not an ABI number`);
  return abi;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Runs node-gyp in `dir` (a copy of better-sqlite3) for Electron `electronVersion`.
 * Needs the internet the first time (Electron's headers). Returns whether it succeeded.
 * @param {string} dir @param {string} electronVersion @param {NodeJS.ProcessEnv} env @param {NodeRequire} req
 */
function nodeGypRebuild(dir, electronVersion, env, req) {
  let gyp;
  try {
    gyp = [process.execPath, [req.resolve('node-gyp/bin/node-gyp.js')]];
  } catch {
    gyp = ['npx', ['--yes', 'node-gyp']];
  }
  const args = [...gyp[1], 'rebuild', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'];
  // npx is a .cmd on Windows, which spawn only runs through a shell.
  const result = spawnSync(gyp[0], args, { cwd: dir, env, stdio: 'inherit', shell: process.platform === 'win32' && gyp[0] === 'npx' });
  return result.status === 0;
}

/**
 * Makes native-electron/better_sqlite3.node a build of the project's
 * better-sqlite3 for its Electron on this machine, unless the one there
 * already is (its stamp names these versions AND the file itself passes
 * nativeModuleProblems for this OS, CPU and Electron's ABI). Builds in a
 * temporary copy, so node_modules keeps its Node build for the tests, and
 * never lets npm_config_nodedir reach node-gyp (TOOLCHAIN.md, "Native module
 * ABI"). Throws an Error saying what failed; the temporary copy is always removed.
 *
 * @param {string} projectDir
 * @param {{ log?: (message: string) => void, rebuild?: typeof nodeGypRebuild, target?: { platform: string, arch: string } }} [options]
 *   rebuild and target are for tests.
 * @returns {{ file: string, built: boolean }}
 */
function ensureElectronNativeModule(projectDir, options = {}) {
  const log = options.log ?? ((message) => console.log(message));
  const rebuild = options.rebuild ?? nodeGypRebuild;
  const req = createRequire(path.join(projectDir, 'package.json'));
  const electronVersion = readJson(path.join(projectDir, 'node_modules', 'electron', 'package.json')).version;
  const sqliteDir = path.dirname(req.resolve('better-sqlite3/package.json'));
  const nativeFile = path.join(projectDir, NATIVE_MODULE);
  const stampFile = path.join(path.dirname(nativeFile), 'built-for.json');
  const wanted = { electron: electronVersion, betterSqlite3: readJson(path.join(sqliteDir, 'package.json')).version };
  const target = { platform: process.platform, arch: process.arch, ...options.target, abi: electronAbi(projectDir) };

  const fits =
    fs.existsSync(nativeFile) &&
    fs.existsSync(stampFile) &&
    JSON.stringify(readJson(stampFile)) === JSON.stringify(wanted) &&
    nativeModuleProblems(fs.readFileSync(nativeFile), target).length === 0;
  if (fits) return { file: nativeFile, built: false };

  log(`Building better-sqlite3 ${wanted.betterSqlite3} for Electron ${electronVersion} into ${path.dirname(NATIVE_MODULE)}/ ...`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-better-sqlite3-'));
  try {
    const copy = path.join(work, 'better-sqlite3');
    fs.cpSync(sqliteDir, copy, { recursive: true, filter: (src) => path.relative(sqliteDir, src).split(path.sep)[0] !== 'build' });
    // In any letter case: Windows environments keep the case they were set with.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_nodedir$/i.test(key)));
    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (!rebuild(copy, electronVersion, env, req) || !fs.existsSync(built)) {
      throw new Error(`could not build better-sqlite3 for Electron ${electronVersion} (Electron's headers need the internet).`);
    }
    const problems = nativeModuleProblems(fs.readFileSync(built), target);
    if (problems.length > 0) throw new Error(`the fresh build of better-sqlite3 does not fit Electron ${electronVersion}:\n- ${problems.join('\n- ')}`);
    fs.mkdirSync(path.dirname(nativeFile), { recursive: true });
    fs.copyFileSync(built, nativeFile);
    fs.writeFileSync(stampFile, `${JSON.stringify(wanted)}\n`);
    return { file: nativeFile, built: true };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { describeNativeModule, nativeModuleProblems, electronAbi, ensureElectronNativeModule, ELF_MACHINE, PE_MACHINE };
