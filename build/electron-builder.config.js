'use strict';
/**
 * electron-builder configuration: Linux (AppImage, deb) and Windows (NSIS).
 *
 *   npm run dist            (scripts/dist.mjs: build, Electron build of the store's
 *                            native module, then electron-builder; NEEDS INTERNET)
 *
 * Packaging cannot run on our offline build machines: electron-builder downloads
 * the Electron zip and the AppImage/fpm/NSIS tools, and the native module needs
 * Electron's headers (/work/shared/TOOLCHAIN.md). Build each OS's installer on
 * that OS: native-electron/better_sqlite3.node is compiled for the machine that
 * built it, and beforePack below refuses a file for another OS, CPU or ABI.
 *
 * scripts/electron-builder-config.test.ts checks this file offline (targets,
 * fuses, which files ship, the native module's place).
 *
 * Deliberately unset:
 * - productName: Electron names the userData folder after it; unset, the
 *   packaged kiosk keeps "help-kiosk" (package.json name), the same folder
 *   `npm start` uses and where fleets drop provisioning.json
 *   (db/PROVISIONING.md). It also keeps the install path free of spaces:
 *   /opt/help-kiosk/help-kiosk, C:\Program Files\help-kiosk\help-kiosk.exe.
 * - icons: electron-builder's defaults (Electron's icon). A kiosk runs
 *   fullscreen with no taskbar or launcher, so nobody sees it.
 * - protocols / fileAssociations: the kiosk must not become the OS handler of
 *   any URL scheme or file type.
 */
const fs = require('node:fs');
const path = require('node:path');
const { nativeModuleProblems, electronAbi } = require('./native-module');
const { FORBIDDEN_IN_ASAR, NATIVE_MODULE, REQUIRED_IN_ASAR, RUNTIME_MODULES } = require('./package-contents');

/** Placeholders: replace with the bank's own before a real release (.invalid never resolves). */
const MAINTAINER = 'Help kiosk maintainers <help-kiosk@example.invalid>';
const HOMEPAGE = 'https://help-kiosk.example.invalid/';

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'cn.example.help-kiosk',
  directories: {
    // Not dist/: Vite's default output would collide.
    output: 'release',
    buildResources: 'build',
  },
  // Inside app.asar. The main matcher never walks node_modules (electron-builder
  // copies production dependencies itself and applies only the "!" patterns
  // below to them).
  files: [
    'package.json',
    'out/electron/**/*',
    'out/renderer/**/*',
    '!**/*.map',
    '!**/*.{test,spec}.{js,cjs,mjs}',
    `!node_modules/!(${RUNTIME_MODULES.join('|')}){,/**/*}`,
    // The Node 20 build (ABI 115) and the SQLite sources: never shipped.
    '!node_modules/better-sqlite3/{build,deps,src}{,/**/*}',
    '!node_modules/zod/src{,/**/*}',
  ],
  asar: true,
  // Nothing needs unpacking: the only native file ships as an extra resource.
  asarUnpack: [],
  // The store's native module is built separately for Electron's ABI; a
  // rebuild here would rebuild node_modules/better-sqlite3, which the unit
  // tests need built for Node.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  extraResources: [{ from: NATIVE_MODULE, to: NATIVE_MODULE }],
  // Chromium's own strings (the UI has its own i18n); the rest are dropped.
  electronLanguages: ['en-US', 'zh-CN', 'zh-TW'],
  extraMetadata: { homepage: HOMEPAGE },
  // https://www.electronjs.org/docs/latest/tutorial/fuses
  electronFuses: {
    // No ELECTRON_RUN_AS_NODE: the binary cannot be used as a plain Node (the app uses worker_threads, not fork).
    runAsNode: false,
    enableCookieEncryption: true,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS and --inspect* are ignored: no code injection through the environment or a debugger.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Enforced on Windows (Electron 30+) and macOS; Linux has no asar integrity check yet.
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    // The renderer is served from app://, never file:// (electron/protocol.ts).
    grantFileProtocolExtraPrivileges: false,
  },
  publish: null,

  linux: {
    // Prefer the deb for kiosks: an AppImage cannot carry the setuid
    // chrome-sandbox, so where the kernel restricts unprivileged user
    // namespaces its renderer sandbox cannot start (build/linux/README.md).
    target: ['AppImage', 'deb'],
    executableName: 'help-kiosk',
    // The desktop entry's command line (deb and AppImage), for a kiosk started
    // from a menu or a display manager: the main process's memory cap, which only
    // the command line can set (electron/memory-cap.ts MAIN_JS_FLAGS_SWITCH; the
    // kiosk session passes it in build/linux/kiosk-xsession). Setting this also
    // drops the --no-sandbox electron-builder would otherwise put in the
    // AppImage's entry (build/linux/README.md: never run without the sandbox).
    executableArgs: ['--js-flags=--max-semi-space-size=1'],
    category: 'Utility',
    synopsis: 'Offline touch-screen help kiosk for bank branches',
    maintainer: MAINTAINER,
    vendor: MAINTAINER,
    // The kiosk session and lockdown files, installed by hand (build/linux/README.md) from
    // /opt/help-kiosk/resources/kiosk-setup/.
    extraResources: [
      {
        from: 'build/linux',
        to: 'kiosk-setup',
        filter: [
          'help-kiosk.service',
          'kiosk-xsession',
          '99-help-kiosk-usb.rules',
          '90-help-kiosk.conf',
          'logind-help-kiosk.conf',
          'system-help-kiosk.conf',
          'xorg-help-kiosk.conf',
          'help-kiosk.nft',
          'README.md',
        ],
      },
    ],
  },
  deb: {
    // What the kiosk session (build/linux/kiosk-xsession) runs on; electron-builder's default depends stay.
    recommends: ['xserver-xorg', 'xinit', 'x11-xserver-utils', 'unclutter'],
  },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    // Program Files, so the kiosk account cannot change the app; silent install
    // (/S) for device management.
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: false,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    runAfterFinish: false,
    deleteAppDataOnUninstall: false,
  },

  /** Refuses to package without the right native module: the kiosk would only ever show "out of order". */
  beforePack: async function checkNativeModule(context) {
    const projectDir = context.packager.projectDir;
    const file = path.join(projectDir, NATIVE_MODULE);
    const { Arch } = require('electron-builder');
    const target = { platform: context.electronPlatformName, arch: Arch[context.arch], abi: electronAbi(projectDir) };
    if (!fs.existsSync(file)) {
      throw new Error(`${NATIVE_MODULE} is missing. Run npm run dist (it builds it; needs internet) on a ${target.platform} ${target.arch} machine.`);
    }
    const problems = nativeModuleProblems(fs.readFileSync(file), target);
    if (problems.length > 0) {
      throw new Error(`${NATIVE_MODULE} cannot ship in a ${target.platform} ${target.arch} Electron (ABI ${target.abi}) package:\n- ${problems.join('\n- ')}\nDelete native-electron/ and run npm run dist again on the target OS.`);
    }
  },

  /** Checks the packed layout: what main needs is in app.asar, nothing it must not ship is, the native module sits where electron/paths.ts looks. */
  afterPack: async function checkPackedLayout(context) {
    const resources = path.join(context.appOutDir, 'resources');
    const problems = [];
    if (!fs.existsSync(path.join(resources, NATIVE_MODULE))) problems.push(`resources/${NATIVE_MODULE} is missing`);
    if (fs.existsSync(path.join(resources, 'app'))) problems.push('resources/app/ exists (the onlyLoadAppFromAsar fuse would ignore it)');
    const archive = path.join(resources, 'app.asar');
    if (!fs.existsSync(archive)) {
      problems.push('resources/app.asar is missing');
    } else {
      const asar = require('@electron/asar');
      const entries = new Set(asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
      for (const required of REQUIRED_IN_ASAR) if (!entries.has(required)) problems.push(`app.asar lacks ${required}`);
      for (const entry of entries) {
        if (FORBIDDEN_IN_ASAR.some((pattern) => pattern.test(entry))) problems.push(`app.asar must not contain ${entry}`);
      }
    }
    if (problems.length > 0) throw new Error(`The packed app is not what the kiosk needs:\n- ${problems.join('\n- ')}`);
  },
};

module.exports = config;
