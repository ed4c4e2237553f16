/**
 * The V8 young-generation cap for the kiosk's main process (BENCHMARKS.md,
 * "RSS growth"): the session log runs in the main process for weeks, and
 * V8's young generation otherwise grows to its 16 MB-per-semispace default
 * there and stays resident (about 16 MB of RSS growth over a busy day, no
 * leak). Capped at 1 MB, RSS stays flat together with the store's smaller
 * page cache (db/store.ts KIOSK_CACHE_SIZE_KIB).
 *
 * Only the command line can set it. Electron hands `--js-flags` to V8 before
 * it creates the main process's isolate (shell/browser/javascript_environment.cc:
 * `V8::SetFlagsFromString` on the switch's value, then the isolate), so by the
 * time main.js runs the heap is configured:
 * - `app.commandLine.appendSwitch('js-flags', …)` reaches only the renderers
 *   started afterwards (Electron's docs: "to enable the flags in the main
 *   process, this switch must be passed on startup");
 * - `v8.setFlagsFromString('--max-semi-space-size=1')` as the first line of
 *   main.js sets the flag but changes nothing: measured in Node 20, new space
 *   still grows to 32 MB (2 × 16) and RSS by about 41 MB under an allocation
 *   loop, exactly as without it; the command-line flag holds it at 2 MB
 *   (V8 sizes the young generation once, in Heap::ConfigureHeap);
 * - NODE_OPTIONS is ignored by the packaged kiosk (the nodeOptions fuse is
 *   off, build/electron-builder.config.js).
 * A relaunch with the flag was ruled out: systemd and Shell Launcher watch the
 * process they started, and would see the kiosk exit.
 *
 * So every launcher we ship passes MAIN_JS_FLAGS_SWITCH (build/linux/kiosk-xsession,
 * the deb/AppImage desktop entry, scripts/start.mjs, the Windows configurations
 * in build/windows/assigned-access.md; scripts/electron-builder-config.test.ts
 * holds them to it), and the kiosk reports whether it got it (health.json, the
 * installer self-test, one log line), never refusing to run without it.
 */

/** The V8 flag: each of the young generation's two semispaces at most 1 MB. */
export const MAIN_V8_FLAGS = '--max-semi-space-size=1';
/** The largest semispace, in MB, that counts as capped. */
export const MAX_SEMI_SPACE_MB = 1;
/** What a launcher puts on the kiosk's command line. */
export const MAIN_JS_FLAGS_SWITCH = `--js-flags=${MAIN_V8_FLAGS}`;

export interface MemoryCapStatus {
  /** True when the main process was started with a semispace of at most MAX_SEMI_SPACE_MB. */
  on: boolean;
  /** The semispace size the flags ask for, in MB; null when they do not set one (V8's default, 16 MB). */
  semiSpaceMb: number | null;
  /** One line for branch IT: on or off, and what to do when off. */
  detail: string;
}

/**
 * The last `--max-semi-space-size` in a V8 flag string (V8 lets the last one
 * win, and accepts `_` for `-` and `--flag N` for `--flag=N`); null when absent.
 */
export function semiSpaceMbFromFlags(flags: string): number | null {
  const tokens = flags.split(/[\s,]+/).filter(Boolean);
  let found: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const match = /^--?max[-_]semi[-_]space[-_]size(?:=(.*))?$/.exec(tokens[i]!);
    if (!match) continue;
    const value = match[1] ?? tokens[i + 1];
    const mb = Number(value);
    if (value !== undefined && value !== '' && Number.isFinite(mb)) found = mb;
  }
  return found;
}

/** Status from the `--js-flags` value the main process was started with ('' when none). */
export function memoryCapStatus(jsFlags: string): MemoryCapStatus {
  const semiSpaceMb = semiSpaceMbFromFlags(jsFlags);
  const on = semiSpaceMb !== null && semiSpaceMb > 0 && semiSpaceMb <= MAX_SEMI_SPACE_MB;
  const started = jsFlags === '' ? 'started without --js-flags' : `started with --js-flags=${jsFlags}`;
  const detail = on
    ? `memory cap for the main process: on (${started})`
    : `memory cap for the main process: off (${started}). The kiosk works, but its memory grows by about 16 MB more over a busy day. ` +
      `Start it with ${MAIN_JS_FLAGS_SWITCH}: build/linux/README.md (Linux), build/windows/assigned-access.md (Windows).`;
  return { on, semiSpaceMb, detail };
}

/** The switch's value as Electron's command line holds it (app.commandLine in main). */
export interface CommandLineReader {
  getSwitchValue(name: string): string;
}

/** The running main process's status. */
export function mainMemoryCap(commandLine: CommandLineReader): MemoryCapStatus {
  return memoryCapStatus(commandLine.getSwitchValue('js-flags'));
}
