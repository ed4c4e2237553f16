/**
 * Offline checks of the packaging config (build/electron-builder.config.js).
 * Packaging itself needs the internet (the Electron zip); this loads the config
 * and asks electron-builder's own schema validator and file matcher what
 * would ship. `npm run dist:dry-run` goes further: a real pack around a stub
 * Electron.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_HOME_URL, OUT_OF_ORDER_URL } from '../electron/app-origin';
import { NATIVE_BINDING_DIR, NATIVE_BINDING_FILE, nativeBindingCandidates, runtimePaths } from '../electron/paths';
import { MAIN_JS_FLAGS_SWITCH } from '../electron/memory-cap';
import { SUPERVISED_SWITCH } from '../electron/nightly-restart';
import { LINUX_MOUNT_ROOTS } from '../electron/usb-drives';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const config: Any = require('../build/electron-builder.config.js');
const contents: {
  RUNTIME_MODULES: string[];
  NATIVE_MODULE: string;
  REQUIRED_IN_ASAR: string[];
  FORBIDDEN_IN_ASAR: RegExp[];
} = require('../build/package-contents.js');
const nativeModule: Any = require('../build/native-module.js');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; main: string; dependencies: Record<string, string> };

// ---- electron-builder's own file matching (app-builder-lib 26.17 internals) ----

const { getMainFileMatchers, getNodeModuleFileMatcher, FileMatcher } = require('app-builder-lib/out/fileMatcher.js');
const identity = (s: string) => s;
const fakePackager = {
  info: { projectDir: root, buildResourcesDir: config.directories.buildResources, config, isPrepackedAppAsar: false, debugLogger: { isEnabled: false } },
};
const destination = path.join(root, 'release', 'linux-unpacked', 'resources', 'app');
const mainMatchers = getMainFileMatchers(root, destination, identity, {}, fakePackager, path.join(root, config.directories.output), false);
const appFilter = mainMatchers[0].createFilter();
const moduleMatcher = getNodeModuleFileMatcher(root, destination, identity, {}, fakePackager.info);

const fileStat = { isDirectory: () => false };
const dirStat = { isDirectory: () => true };

/** Would electron-builder put this project file (posix path) into app.asar? */
function inApp(relative: string): boolean {
  if (relative.startsWith('node_modules/')) return inNodeModules(relative);
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (!appFilter(path.join(root, ...parts.slice(0, i)), dirStat)) return false;
  }
  return Boolean(appFilter(path.join(root, ...parts), fileStat));
}

/** Same for node_modules/<package>/..., walked the way electron-builder's NodeModuleCopyHelper walks a dependency. */
function inNodeModules(relative: string): boolean {
  const parts = relative.split('/');
  const nameLength = parts[1]!.startsWith('@') ? 2 : 1;
  const packageRoot = parts.slice(0, 1 + nameLength);
  const dir = path.join(root, ...packageRoot);
  const filter = new FileMatcher(dir, path.join(destination, ...packageRoot), identity, moduleMatcher.patterns).createFilter();
  for (let i = packageRoot.length + 1; i <= parts.length; i++) {
    const stat = { ...(i === parts.length ? fileStat : dirStat), moduleFullFilePath: parts.slice(0, i).join('/') };
    if (!filter(path.join(root, ...parts.slice(0, i)), stat)) return false;
  }
  return true;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

const posix = (file: string) => path.relative(root, file).split(path.sep).join('/');

// ---- which packages the main process really loads ----

const BARE = [
  /(?:^|[\s;}])(import|export)\s+(type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /(?:^|[\s;}])import\s*['"]([^'"]+)['"]/g,
  /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function bareSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(BARE[0]!)) if (!match[2]) found.push(match[3]!);
  for (const pattern of BARE.slice(1)) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found.filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]!));
}

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Main-process sources as electron/tsconfig.json compiles them (the preload is bundled, so it loads no package). */
function mainProcessSources(): string[] {
  return [...walk(path.join(root, 'electron')), ...walk(path.join(root, 'db'))]
    .map(posix)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('electron/test/') && !f.startsWith('db/test/') && f !== 'electron/preload.ts');
}

/** Packages loaded at run time: the main process's imports, then what the shipped files of those packages require, transitively. */
function runtimeClosure(): string[] {
  const seen = new Set<string>();
  const queue = mainProcessSources().flatMap((f) => bareSpecifiers(readFileSync(path.join(root, f), 'utf8')).map(packageOf));
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (name === 'electron' || seen.has(name)) continue;
    seen.add(name);
    const files = walk(path.join(root, 'node_modules', name)).map(posix).filter((f) => /\.(c|m)?js$/.test(f) && !/\/node_modules\//.test(f.slice('node_modules/'.length)) && inNodeModules(f));
    for (const f of files) queue.push(...bareSpecifiers(readFileSync(path.join(root, f), 'utf8')).map(packageOf));
  }
  return [...seen].sort();
}

// ---- synthetic native modules ----

function elf(machine: number, abi: number): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2;
  header[5] = 1;
  header.writeUInt16LE(machine, 18);
  return Buffer.concat([header, Buffer.from(`\0node_register_module_v${abi}\0`)]);
}

function pe(machine: number, abi: number): Buffer {
  const header = Buffer.alloc(128);
  header.write('MZ', 0, 'latin1');
  header.writeUInt32LE(0x40, 0x3c);
  header.writeUInt32BE(0x50450000, 0x40);
  header.writeUInt16LE(machine, 0x44);
  return Buffer.concat([header, Buffer.from(`\0node_register_module_v${abi}\0`)]);
}

const ELECTRON_ABI = Number(readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('electron-builder config', () => {
  it('is a valid electron-builder 26 configuration', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration({ ...config }, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('writes to release/, not dist/ (Vite), and publishes nothing', () => {
    expect(config.directories.output).toBe('release');
    expect(config.publish).toBeNull();
  });

  it('builds AppImage and deb for Linux, NSIS (per machine, x64) for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, runAfterFinish: false });
    expect(config.linux.executableName).toBe(pkg.name);
  });

  it('sets every Electron fuse, each the way the kiosk needs it', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // A fuse added to @electron/fuses (and so to Electron) must get a decision here.
    const { FuseV1Options } = require('@electron/fuses');
    const known = Object.keys(FuseV1Options)
      .filter((k) => Number.isNaN(Number(k)))
      .map((k) => k[0]!.toLowerCase() + k.slice(1));
    expect(Object.keys(config.electronFuses).sort()).toEqual(known.sort());
  });

  it('packs the app into app.asar, unpacks nothing and never rebuilds native modules', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual([]);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('ships the Electron build of better-sqlite3 where electron/paths.ts looks first', () => {
    expect(contents.NATIVE_MODULE).toBe(`${NATIVE_BINDING_DIR}/${NATIVE_BINDING_FILE}`);
    expect(config.extraResources).toContainEqual({ from: contents.NATIVE_MODULE, to: contents.NATIVE_MODULE });
    const resources = path.join(path.sep, 'opt', pkg.name, 'resources');
    const candidates = nativeBindingCandidates({ appPath: path.join(resources, 'app.asar'), resourcesPath: resources, isPackaged: true });
    expect(candidates[0]).toBe(path.join(resources, contents.NATIVE_MODULE));
    // Never inside app.asar (a .node file cannot load from an archive), and not the Node build either.
    expect(inApp(contents.NATIVE_MODULE)).toBe(false);
    expect(inApp('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
  });

  it('puts into app.asar what the main process loads: compiled main, workers, preload, static page, content pack, renderer', () => {
    const mainDir = path.join(root, path.dirname(pkg.main));
    const paths = runtimePaths(mainDir);
    const needed = [
      pkg.main,
      posix(paths.preload),
      `${posix(paths.staticRoot)}/out-of-order.html`,
      `${posix(paths.rendererRoot)}/index.html`,
      ...contents.REQUIRED_IN_ASAR,
    ];
    for (const file of needed) expect(inApp(file), file).toBe(true);
    // The renderer is loaded from app://, never from a file.
    expect(APP_HOME_URL).toMatch(/^app:\/\//);
    expect(OUT_OF_ORDER_URL).toMatch(/^app:\/\//);
  });

  it('keeps sources, tests, the e2e harness and build leftovers out of app.asar', () => {
    const never = [
      'electron/main.ts',
      'electron/test/fake-electron.ts',
      'db/store.ts',
      'db/content/card-binding.json',
      'e2e/harness.ts',
      'e2e/flows.spec.ts',
      'renderer/src/App.svelte',
      'renderer/index.html',
      'scripts/start.mjs',
      'bench/run.ts',
      'docs/screenshots/portrait-attract.png',
      'playwright.config.ts',
      'vite.config.mts',
      'tsconfig.json',
      'README.md',
      'build/electron-builder.config.js',
      'build/linux/kiosk-xsession',
      'out/electron/electron/window.test.js',
      'out/renderer/assets/index.js.map',
      'release/linux-unpacked/help-kiosk',
      'test-results/report.json',
      '.reports/vitest.json',
      'harness-data/kiosk.db',
      'package-lock.json',
    ];
    for (const file of never) expect(inApp(file), file).toBe(false);
    // And whatever the current build holds: nothing that ships may be forbidden.
    const built = walk(path.join(root, 'out')).map(posix).filter(inApp);
    for (const file of built) expect(contents.FORBIDDEN_IN_ASAR.filter((p) => p.test(file)), file).toEqual([]);
  });

  it('ships exactly the node_modules the main process loads at run time', () => {
    expect(runtimeClosure()).toEqual([...contents.RUNTIME_MODULES].sort());
    for (const name of contents.RUNTIME_MODULES) expect(inApp(`node_modules/${name}/package.json`), name).toBe(true);
    expect(inApp('node_modules/better-sqlite3/lib/database.js')).toBe(true);
    // Bundled into out/renderer by Vite, or install-time only.
    for (const name of [...Object.keys(pkg.dependencies), 'prebuild-install', 'tar-fs']) {
      if (contents.RUNTIME_MODULES.includes(name)) continue;
      expect(inApp(`node_modules/${name}/package.json`), name).toBe(false);
    }
    expect(inApp('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
    expect(inApp('node_modules/zod/src/index.ts')).toBe(false);
  });

  it('registers no URL scheme or file type with the OS and never mentions file://', () => {
    expect(config.protocols).toBeUndefined();
    expect(config.fileAssociations).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/file:/);
    for (const file of mainProcessSources().filter((f) => f.startsWith('electron/'))) {
      const code = readFileSync(path.join(root, file), 'utf8');
      expect(code, file).not.toMatch(/\.loadFile\(|pathToFileURL|['"`]file:\/\//);
    }
  });

  it('keeps productName unset, so the packaged kiosk uses the same userData folder as npm start', () => {
    expect(config.productName).toBeUndefined();
    expect(config.extraMetadata?.productName).toBeUndefined();
    expect(config.extraMetadata?.name).toBeUndefined();
  });
});

describe('the native module check (beforePack)', () => {
  const linux = { platform: 'linux', arch: 'x64', abi: ELECTRON_ABI };
  const windows = { platform: 'win32', arch: 'x64', abi: ELECTRON_ABI };

  it('accepts an Electron-ABI build for the packaged OS and CPU', () => {
    expect(nativeModule.nativeModuleProblems(elf(nativeModule.ELF_MACHINE.x64, ELECTRON_ABI), linux)).toEqual([]);
    expect(nativeModule.nativeModuleProblems(pe(nativeModule.PE_MACHINE.x64, ELECTRON_ABI), windows)).toEqual([]);
  });

  it("refuses a build against Node's headers, for another OS, or for another CPU", () => {
    expect(nativeModule.nativeModuleProblems(elf(nativeModule.ELF_MACHINE.x64, 115), linux).join()).toMatch(/ABI 115/);
    expect(nativeModule.nativeModuleProblems(elf(nativeModule.ELF_MACHINE.x64, ELECTRON_ABI), windows).join()).toMatch(/not a win32 binary/);
    expect(nativeModule.nativeModuleProblems(elf(nativeModule.ELF_MACHINE.arm64, ELECTRON_ABI), linux).join()).toMatch(/another CPU/);
    expect(nativeModule.nativeModuleProblems(Buffer.from('not a binary'), linux).length).toBeGreaterThan(0);
  });

  it('reads the ABI of the Node build in node_modules as Node 20 (the trap it guards against)', () => {
    const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(nativeModule.describeNativeModule(readFileSync(nodeBuild)).abis).toEqual([Number(process.versions.modules)]);
  });

  it('stops packaging when native-electron/better_sqlite3.node is missing or wrong', async () => {
    const projectDir = mkdtempSync(path.join(tmpdir(), 'kiosk-before-pack-'));
    temps.push(projectDir);
    mkdirSync(path.join(projectDir, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(path.join(projectDir, 'node_modules', 'electron', 'abi_version'), String(ELECTRON_ABI));
    const { Arch } = require('electron-builder');
    const context = { packager: { projectDir }, electronPlatformName: 'linux', arch: Arch.x64 };
    await expect(config.beforePack(context)).rejects.toThrow(/missing/);
    mkdirSync(path.join(projectDir, 'native-electron'));
    writeFileSync(path.join(projectDir, contents.NATIVE_MODULE), elf(nativeModule.ELF_MACHINE.x64, 115));
    await expect(config.beforePack(context)).rejects.toThrow(/ABI 115/);
    writeFileSync(path.join(projectDir, contents.NATIVE_MODULE), elf(nativeModule.ELF_MACHINE.x64, ELECTRON_ABI));
    await expect(config.beforePack(context)).resolves.toBeUndefined();
  });
});

describe('the Electron build of the native module (ensureElectronNativeModule, for npm start and npm run dist)', () => {
  /** A project with just what the function reads: electron's version and ABI, better-sqlite3's package. */
  function project(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-native-'));
    mkdirSync(path.join(dir, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
    writeFileSync(path.join(dir, 'node_modules', 'electron', 'abi_version'), `${ELECTRON_ABI}\n`);
    mkdirSync(path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
    writeFileSync(path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), elf(nativeModule.ELF_MACHINE.x64, 115));
    writeFileSync(path.join(dir, 'package.json'), '{}');
    return dir;
  }
  const target = { platform: 'linux', arch: 'x64' };
  const stamp = '{"electron":"45.5.0","betterSqlite3":"12.11.1"}\n';
  /** A node-gyp stand-in: writes `abi`'s build into the copy and records what it was given. */
  function fakeRebuild(abi: number, calls: { dir: string; version: string; env: Record<string, string | undefined> }[]) {
    return (dir: string, version: string, env: Record<string, string | undefined>) => {
      calls.push({ dir, version, env });
      // The copy leaves node_modules' own (Node) build behind.
      expect(existsSync(path.join(dir, 'build'))).toBe(false);
      mkdirSync(path.join(dir, 'build', 'Release'), { recursive: true });
      writeFileSync(path.join(dir, 'build', 'Release', 'better_sqlite3.node'), elf(nativeModule.ELF_MACHINE.x64, abi));
      return true;
    };
  }

  it('builds into native-electron/ with its stamp, in a copy, without npm_config_nodedir; then reuses it', () => {
    const dir = project();
    const before = process.env['npm_config_nodedir'];
    process.env['npm_config_nodedir'] = '/usr';
    try {
      const calls: { dir: string; version: string; env: Record<string, string | undefined> }[] = [];
      const first = nativeModule.ensureElectronNativeModule(dir, { log: () => {}, target, rebuild: fakeRebuild(ELECTRON_ABI, calls) });
      expect(first).toEqual({ file: path.join(dir, contents.NATIVE_MODULE), built: true });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.version).toBe('45.5.0');
      expect(calls[0]!.env['npm_config_nodedir']).toBeUndefined();
      expect(existsSync(calls[0]!.dir)).toBe(false); // the temporary copy is gone
      expect(readFileSync(path.join(dir, 'native-electron', 'built-for.json'), 'utf8')).toBe(stamp);
      // node_modules keeps its Node build for the tests.
      expect(nativeModule.describeNativeModule(readFileSync(path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).abis).toEqual([115]);
      expect(nativeModule.ensureElectronNativeModule(dir, { log: () => {}, target, rebuild: fakeRebuild(ELECTRON_ABI, calls) })).toMatchObject({ built: false });
      expect(calls).toHaveLength(1);
    } finally {
      if (before === undefined) delete process.env['npm_config_nodedir'];
      else process.env['npm_config_nodedir'] = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rebuilds a file whose stamp is right but whose ABI is Node's, and refuses a fresh build that still is", () => {
    const dir = project();
    try {
      mkdirSync(path.join(dir, 'native-electron'));
      writeFileSync(path.join(dir, contents.NATIVE_MODULE), elf(nativeModule.ELF_MACHINE.x64, 115));
      writeFileSync(path.join(dir, 'native-electron', 'built-for.json'), stamp);
      const calls: { dir: string; version: string; env: Record<string, string | undefined> }[] = [];
      expect(() => nativeModule.ensureElectronNativeModule(dir, { log: () => {}, target, rebuild: fakeRebuild(115, calls) })).toThrow(/does not fit Electron 45\.5\.0:[\s\S]*ABI 115/);
      expect(calls).toHaveLength(1);
      expect(() => nativeModule.ensureElectronNativeModule(dir, { log: () => {}, target, rebuild: () => false })).toThrow(/could not build better-sqlite3 for Electron 45\.5\.0 \(Electron's headers need the internet\)/);
      expect(nativeModule.ensureElectronNativeModule(dir, { log: () => {}, target, rebuild: fakeRebuild(ELECTRON_ABI, calls) })).toMatchObject({ built: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is the one implementation: start.mjs and dist.mjs call it and build nothing themselves', () => {
    for (const script of ['start.mjs', 'dist.mjs']) {
      const text = readFileSync(path.join(root, 'scripts', script), 'utf8');
      expect(text).toContain('ensureElectronNativeModule(root)');
      expect(text).not.toMatch(/node-gyp|built-for\.json|cpSync/);
    }
  });
});

describe('the Linux kiosk session (build/linux)', () => {
  const service = readFileSync(path.join(root, 'build', 'linux', 'help-kiosk.service'), 'utf8');
  const xsessionFile = path.join(root, 'build', 'linux', 'kiosk-xsession');
  const xsession = readFileSync(xsessionFile, 'utf8');
  const installDir = `/opt/${pkg.name}`;

  const linuxDir = path.join(root, 'build', 'linux');
  const guide = readFileSync(path.join(linuxDir, 'README.md'), 'utf8');
  /** A config file's settings: no comments, no blank lines, trimmed. */
  const settings = (file: string) =>
    readFileSync(path.join(linuxDir, file), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
  const lockdownFiles = ['90-help-kiosk.conf', 'logind-help-kiosk.conf', 'system-help-kiosk.conf', 'xorg-help-kiosk.conf', 'help-kiosk.nft'];

  it('ships with the Linux packages, under resources/kiosk-setup', () => {
    expect(config.linux.extraResources).toContainEqual({
      from: 'build/linux',
      to: 'kiosk-setup',
      filter: ['help-kiosk.service', 'kiosk-xsession', '99-help-kiosk-usb.rules', ...lockdownFiles, 'README.md'],
    });
  });

  it('ships every file of build/linux, so none the guide installs is left out of the deb', () => {
    const shipped = config.linux.extraResources.find((r: Any) => r.from === 'build/linux').filter;
    expect([...shipped].sort()).toEqual(readdirSync(linuxDir).sort());
  });

  it('turns magic SysRq off, and the guide installs it, applies it and checks it', () => {
    expect(settings('90-help-kiosk.conf')).toEqual(['kernel.sysrq = 0']);
    expect(guide).toContain('install -m 0644 90-help-kiosk.conf /etc/sysctl.d/90-help-kiosk.conf');
    expect(guide).toContain('sysctl --system');
    expect(guide).toMatch(/^ *cat \/proc\/sys\/kernel\/sysrq +# 0$/m);
  });

  it('leaves no console with a login prompt: NAutoVTs=0 and ReserveVT=0 together, not one or the other', () => {
    expect(settings('logind-help-kiosk.conf')).toEqual(['[Login]', 'NAutoVTs=0', 'ReserveVT=0']);
    expect(guide).toContain('install -D -m 0644 logind-help-kiosk.conf /etc/systemd/logind.conf.d/help-kiosk.conf');
    // The old wording offered NAutoVTs=0 as an alternative to masking gettys: logind still keeps tty6 then.
    expect(guide).not.toMatch(/or `NAutoVTs=0`/);
  });

  it('never reboots on Ctrl+Alt+Del: the target masked and the 7-press burst off', () => {
    expect(settings('system-help-kiosk.conf')).toEqual(['[Manager]', 'CtrlAltDelBurstAction=none']);
    expect(guide).toContain('install -D -m 0644 system-help-kiosk.conf /etc/systemd/system.conf.d/help-kiosk.conf');
    expect(guide).toContain('systemctl mask ctrl-alt-del.target');
  });

  it("turns the X server's own keys off: console switch, zap and video mode zoom", () => {
    expect(settings('xorg-help-kiosk.conf')).toEqual([
      'Section "ServerFlags"',
      'Option "DontVTSwitch" "true"',
      'Option "DontZap" "true"',
      'Option "DontZoom" "true"',
      'EndSection',
    ]);
    expect(guide).toContain('install -D -m 0644 xorg-help-kiosk.conf /etc/X11/xorg.conf.d/10-help-kiosk.conf');
  });

  it('lets nothing the kiosk user sends leave the machine: loopback only, and no DNS even there', () => {
    const rules = settings('help-kiosk.nft');
    // Loaded again, the file replaces its table rather than adding its rules twice.
    expect(rules.slice(0, 3)).toEqual(['table inet help_kiosk', 'delete table inet help_kiosk', 'table inet help_kiosk {']);
    expect(rules).toContain('type filter hook output priority filter; policy accept;');
    const kioskRules = rules.filter((l) => l.startsWith('meta skuid'));
    expect(kioskRules).toEqual([
      'meta skuid "kiosk" meta l4proto { tcp, udp } th dport 53 counter reject',
      'meta skuid "kiosk" oif "lo" accept',
      'meta skuid "kiosk" counter reject',
    ]);
    // Nothing else in the chain: other users' traffic is not this file's business.
    expect(rules.filter((l) => /\b(accept|drop|reject)$/.test(l))).toEqual(kioskRules);
    expect(guide).toContain('install -D -m 0644 /opt/help-kiosk/resources/kiosk-setup/help-kiosk.nft /etc/nftables.d/help-kiosk.nft');
    expect(guide).toContain(`echo 'include "/etc/nftables.d/help-kiosk.nft"' >> /etc/nftables.conf`);
    expect(guide).toContain('nft -c -f /etc/nftables.conf');
    expect(guide).toContain('systemctl enable --now nftables.service');
  });

  it('lists every shipped file in the guide with where it is installed', () => {
    for (const file of lockdownFiles) expect(guide, file).toMatch(new RegExp(`^\\| \`${file.replace('.', '\\.')}\` \\| \`/etc/`, 'm'));
  });

  it('mounts a USB stick where the admin pages look for drives, owned by the kiosk user, nothing on it executable', () => {
    const rules = readFileSync(path.join(root, 'build', 'linux', '99-help-kiosk-usb.rules'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]!;
    // Only file systems whose drivers take uid/gid/umask: another would refuse the mount.
    expect(rule).toMatch(/^ACTION=="add", SUBSYSTEMS=="usb", SUBSYSTEM=="block", ENV\{ID_FS_USAGE\}=="filesystem", ENV\{ID_FS_TYPE\}=="vfat\|exfat", /);
    expect(rule).toContain('RUN{program}+="/usr/bin/systemd-mount --no-block --automount=yes --collect ');
    const options = /--options=(\S+)/.exec(rule)![1]!.split(',');
    expect(options).toEqual(expect.arrayContaining(['uid=kiosk', 'gid=kiosk', 'umask=0077', 'noexec', 'nosuid', 'nodev']));
    const mountPoint = /\$devnode (\S+)"$/.exec(rule)![1]!;
    expect(LINUX_MOUNT_ROOTS).toContain(path.posix.dirname(mountPoint));
  });

  it('runs the session as the dedicated user and restarts it whatever the exit', () => {
    expect(service).toMatch(/^User=kiosk$/m);
    expect(service).toMatch(/^Restart=always$/m);
    expect(service).toMatch(/^PAMName=login$/m);
    expect(service).toMatch(new RegExp(`^ExecStart=/usr/bin/xinit ${installDir}/resources/kiosk-setup/kiosk-xsession -- :0 `, 'm'));
    expect(service).toMatch(/^WantedBy=graphical\.target$/m);
  });

  it('keeps the screen on, hides the pointer when it can, and execs the installed app', () => {
    for (const line of ['xset s off', 'xset s noblank', 'xset -dpms']) expect(xsession).toContain(line);
    expect(xsession).toMatch(/command -v unclutter/);
    expect(xsession).toContain(`\${KIOSK_APP:-${installDir}/${config.linux.executableName}}`);
    expect(xsession).toMatch(new RegExp(`^exec "\\$app" ${MAIN_JS_FLAGS_SWITCH} --${SUPERVISED_SWITCH}$`, 'm'));
    expect(xsession).not.toMatch(/--no-sandbox|window-manager|startxfce|gnome-session/);
    expect(statSync(xsessionFile).mode & 0o111).not.toBe(0);
    expect(spawnSync('sh', ['-n', xsessionFile]).status).toBe(0);
  });

  it('starts the app with the main process memory cap, as one argument (run with a stand-in app)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-xsession-'));
    try {
      const fakeApp = path.join(dir, 'help-kiosk');
      writeFileSync(fakeApp, '#!/bin/sh\nfor arg in "$@"; do printf "%s\\n" "$arg"; done\n', { mode: 0o755 });
      // An empty PATH: no xset or unclutter is run, only the fallback message on stderr.
      const run = spawnSync('/bin/sh', [xsessionFile], { env: { KIOSK_APP: fakeApp, PATH: '' }, encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout.split('\n').filter(Boolean)).toEqual([MAIN_JS_FLAGS_SWITCH, `--${SUPERVISED_SWITCH}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts the memory cap on the deb and AppImage desktop entries too, which keeps --no-sandbox out of the AppImage one (electron-builder 26.17 internals)', async () => {
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js');
    const AppImageTarget = require('app-builder-lib/out/targets/appimage/AppImageTarget.js').default;
    const packagerWith = (linux: Any) => ({
      appInfo: { sanitizedProductName: pkg.name, productName: pkg.name, buildVersion: '0.0.0' },
      executableName: config.linux.executableName,
      info: { metadata: { desktopName: `${pkg.name}.desktop` } },
      fileAssociations: [],
      config: { ...config, linux },
      platformSpecificBuildOptions: linux,
    });
    const exec = (entry: string) => /^Exec=(.*)$/m.exec(entry)?.[1];
    const packager = packagerWith(config.linux);
    const helper = new LinuxTargetHelper(packager);
    expect(exec(await helper.computeDesktopEntry(config.linux))).toBe(`${installDir}/${config.linux.executableName} ${MAIN_JS_FLAGS_SWITCH} %U`);
    expect(exec(await new AppImageTarget(null, packager, helper, tmpdir()).desktopEntry.value)).toBe(`AppRun ${MAIN_JS_FLAGS_SWITCH} %U`);
    // What executableArgs replaces: electron-builder's default AppImage entry runs without the sandbox.
    const bare = packagerWith({ ...config.linux, executableArgs: undefined });
    expect(exec(await new AppImageTarget(null, bare, new LinuxTargetHelper(bare), tmpdir()).desktopEntry.value)).toBe('AppRun --no-sandbox %U');
  });
});

describe('npm start (scripts/start.mjs)', () => {
  it('starts Electron with the same memory cap as the installed kiosk', () => {
    const start = readFileSync(path.join(root, 'scripts', 'start.mjs'), 'utf8');
    expect(start).toContain(`const MAIN_JS_FLAGS_SWITCH = '${MAIN_JS_FLAGS_SWITCH}';`);
    expect(start).toMatch(/spawn\(binary, \[MAIN_JS_FLAGS_SWITCH, root\]/);
  });
});

describe('the Windows kiosk notes (build/windows)', () => {
  const notes = readFileSync(path.join(root, 'build', 'windows', 'assigned-access.md'), 'utf8');

  it('point Assigned Access and Shell Launcher at the path the per-machine NSIS install uses', () => {
    const exe = `%ProgramFiles%\\${pkg.name}\\${pkg.name}.exe`;
    expect(notes).toContain(`v4:ClassicAppPath="${exe}" v4:ClassicAppArguments="${MAIN_JS_FLAGS_SWITCH} --${SUPERVISED_SWITCH}"`);
    expect(notes).toContain(`Shell="${exe} ${MAIN_JS_FLAGS_SWITCH} --${SUPERVISED_SWITCH}"`);
    expect(notes).toContain('<DefaultAction Action="RestartShell" />');
  });

  it('close the keys and buttons Windows keeps around the app', () => {
    // Sticky, Filter and Toggle Keys: Windows' defaults (510, 126, 62) with only the shortcut bit (4) cleared,
    // for the sign-in screen and the profile the kiosk account is made from.
    for (const [key, flags] of [['StickyKeys', 510], ['Keyboard Response', 126], ['ToggleKeys', 62]] as const) {
      expect(notes).toContain(`reg add "$hive\\Control Panel\\Accessibility\\${key}" /v Flags /t REG_SZ /d ${flags & ~4} /f`);
    }
    expect(notes).toContain("foreach ($hive in 'HKU\\.DEFAULT', 'HKU\\DefaultUser')");
    expect(notes).toContain('reg load HKU\\DefaultUser C:\\Users\\Default\\NTUSER.DAT');
    // The power button on the sign-in and Ctrl+Alt+Del screens, and the machine's own.
    expect(notes).toContain('LocalPoliciesSecurityOptions/Shutdown_AllowSystemToBeShutDownWithoutHavingToLogOn` = `0`');
    expect(notes).toContain('/v ShutdownWithoutLogon /t REG_DWORD /d 0 /f');
    expect(notes).toContain('ADMX_StartMenu/HidePowerOptions');
    expect(notes).toContain('SUB_BUTTONS PBUTTONACTION 0');
    // AutoPlay off for every drive type.
    expect(notes).toContain('/v NoDriveTypeAutoRun /t REG_DWORD /d 255 /f');
    expect(notes).toContain('<data id="Autorun_Box" value="255"/>');
    // Keyboard Filter, with the accessibility features forced off.
    expect(notes).toContain('Dism /online /Enable-Feature /FeatureName:Client-KeyboardFilter');
    for (const id of ['Win+U', 'LShift+LAlt+PrintScrn', 'LShift+LAlt+NumLock']) expect(notes).toContain(`'${id}'`);
    expect(notes).toMatch(/\$_\.Name -eq 'ForceOffAccessibility'[\s\S]*\$setting\.Value = 'true'/);
  });
});
