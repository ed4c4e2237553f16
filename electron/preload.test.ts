import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelFor } from './api-methods';

type Fake = typeof import('./test/fake-electron');

/**
 * Runs the preload afresh, as Electron does for each page load. resetModules
 * also gives a fresh fake electron, so the fake is imported after it, not above.
 */
async function loadPreload(): Promise<{ kiosk: Record<string, unknown>; fake: Fake }> {
  vi.resetModules();
  const fake = await import('./test/fake-electron');
  await import('./preload');
  const kiosk = fake.contextBridge.exposed.get('kiosk');
  if (!kiosk || typeof kiosk !== 'object') throw new Error('preload exposed no kiosk object');
  return { kiosk: kiosk as Record<string, unknown>, fake };
}

describe('preload', () => {
  beforeEach(() => {
    vi.resetModules();
  });

  it('exposes exactly one object, window.kiosk', async () => {
    const { fake } = await loadPreload();
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['kiosk']);
  });

  it('exposes exactly the API methods, each a function, and nothing else', async () => {
    const { kiosk } = await loadPreload();
    expect(Reflect.ownKeys(kiosk).sort()).toEqual([...API_METHODS].sort());
    for (const method of API_METHODS) expect(typeof kiosk[method]).toBe('function');
    expect(kiosk).not.toHaveProperty('ipcRenderer');
    expect(kiosk).not.toHaveProperty('invoke');
    expect(kiosk).not.toHaveProperty('send');
  });

  it('freezes the object so the page cannot add or replace methods', async () => {
    const { kiosk } = await loadPreload();
    expect(Object.isFrozen(kiosk)).toBe(true);
    // ES modules are strict: assigning to a frozen property throws.
    expect(() => {
      kiosk['getContent'] = () => 'hijacked';
    }).toThrow(TypeError);
    expect(() => {
      kiosk['ipcRenderer'] = {};
    }).toThrow(TypeError);
  });

  it.each(API_METHODS)('%s invokes its own channel with the one argument', async (method) => {
    const { kiosk, fake } = await loadPreload();
    const call = kiosk[method] as (arg: unknown, ...rest: unknown[]) => Promise<unknown>;
    const result = await call({ locale: 'en' }, 'extra', 'args');
    expect(fake.ipcRenderer.invocations).toEqual([{ channel: channelFor(method), args: [{ locale: 'en' }] }]);
    expect(result).toEqual({ ok: true, value: { channel: channelFor(method) } });
  });

  it('never uses send/sendSync', async () => {
    const { kiosk, fake } = await loadPreload();
    for (const method of API_METHODS) await (kiosk[method] as (arg: unknown) => Promise<unknown>)({});
    expect(fake.ipcRenderer.sends).toEqual([]);
  });
});

describe('preload bundle', () => {
  it('needs nothing but electron at run time (sandboxed preloads cannot require files)', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [new URL('./preload.ts', import.meta.url).pathname],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    // zod must not be bundled in: the preload lists methods from api-methods.ts only.
    expect(code).not.toMatch(/zod/i);
  });
});
