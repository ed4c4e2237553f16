import { describe, expect, it } from 'vitest';
import { MAIN_JS_FLAGS_SWITCH, MAIN_V8_FLAGS, mainMemoryCap, memoryCapStatus, semiSpaceMbFromFlags } from './memory-cap';
import { app, resetFakeElectron } from './test/fake-electron';

describe('the main process memory cap', () => {
  it('is one V8 flag, passed as one Chromium switch', () => {
    expect(MAIN_V8_FLAGS).toBe('--max-semi-space-size=1');
    expect(MAIN_JS_FLAGS_SWITCH).toBe('--js-flags=--max-semi-space-size=1');
    expect(MAIN_JS_FLAGS_SWITCH).not.toMatch(/\s/); // one argv word: no quoting needed in any launcher
  });

  it('reads the semispace size the way V8 does: last one wins, - or _, =N or a separate N', () => {
    expect(semiSpaceMbFromFlags('')).toBeNull();
    expect(semiSpaceMbFromFlags('--max-old-space-size=512')).toBeNull();
    expect(semiSpaceMbFromFlags('--max-semi-space-size=1')).toBe(1);
    expect(semiSpaceMbFromFlags('--max_semi_space_size=1')).toBe(1);
    expect(semiSpaceMbFromFlags('--max-semi-space-size 1')).toBe(1);
    expect(semiSpaceMbFromFlags('--max-semi-space-size=1 --expose-gc --max-semi-space-size=16')).toBe(16);
    expect(semiSpaceMbFromFlags('--max-semi-space-size=')).toBeNull();
    expect(semiSpaceMbFromFlags('--max-semi-space-size=lots')).toBeNull();
  });

  it('is on only at 1 MB or less, and its off line says what to start the kiosk with', () => {
    expect(memoryCapStatus('--max-semi-space-size=1')).toEqual({ on: true, semiSpaceMb: 1, detail: 'memory cap for the main process: on (started with --js-flags=--max-semi-space-size=1)' });
    expect(memoryCapStatus('--max-semi-space-size=2').on).toBe(false);
    const off = memoryCapStatus('');
    expect(off).toMatchObject({ on: false, semiSpaceMb: null });
    expect(off.detail).toContain('memory cap for the main process: off (started without --js-flags)');
    expect(off.detail).toContain(`Start it with ${MAIN_JS_FLAGS_SWITCH}`);
  });

  it("reads Electron's command line (the fake's start-up switches)", () => {
    resetFakeElectron();
    expect(mainMemoryCap(app.commandLine).on).toBe(false);
    app.startupSwitches = { 'js-flags': MAIN_V8_FLAGS };
    expect(mainMemoryCap(app.commandLine).on).toBe(true);
    resetFakeElectron();
  });
});
