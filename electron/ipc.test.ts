import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelFor } from './api-methods';
import { registerIpc, type CallHandler } from './ipc';
import { ensureBundledPack } from '../db/content-import';
import { fakeInvokeEvent, ipcMain, resetFakeElectron } from './test/fake-electron';
import type { HandlerContext } from './handlers';
import { makeTestContext } from './test/test-context';

function storeContext(): HandlerContext {
  const ctx = makeTestContext({ withPack: false });
  ensureBundledPack(ctx.db);
  return ctx;
}

describe('registerIpc', () => {
  beforeEach(resetFakeElectron);

  it('registers exactly one handler per API method, on its channel', () => {
    registerIpc(storeContext());
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map(channelFor).sort());
  });

  it('answers the kiosk page through the shared handler table', async () => {
    registerIpc(storeContext());
    const result = await ipcMain.invoke(channelFor('getKioskInfo'), fakeInvokeEvent('app://kiosk/index.html'), {});
    expect(result).toMatchObject({ ok: true, value: { packId: 'card_binding' } });
  });

  it('passes method and argument through and validates like the harness does', async () => {
    registerIpc(storeContext());
    const result = await ipcMain.invoke(channelFor('getContent'), fakeInvokeEvent('app://kiosk/index.html'), { locale: 'xx' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it.each([
    ['a foreign https page', 'https://evil.example/index.html'],
    ['a file: page', 'file:///work/main/out/renderer/index.html'],
    ['another app: host', 'app://evil/index.html'],
    ['a look-alike host', 'app://kiosk.evil.example/index.html'],
    ['an http localhost page', 'http://127.0.0.1:5173/'],
    ['a data: page', 'data:text/html,<script>1</script>'],
    ['an empty url', ''],
    ['a destroyed frame', null],
  ])('refuses %s with forbidden, without calling the core', async (_label, frameUrl) => {
    const call = vi.fn<CallHandler>(async () => ({ ok: true, value: 'leaked' }));
    registerIpc(undefined as never, call);
    for (const method of API_METHODS) {
      const result = await ipcMain.invoke(channelFor(method), fakeInvokeEvent(frameUrl), {});
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('calls the core for the kiosk origin with the method name', async () => {
    const call = vi.fn<CallHandler>(async () => ({ ok: true, value: 'fine' }));
    registerIpc(undefined as never, call);
    await ipcMain.invoke(channelFor('getContent'), fakeInvokeEvent('app://kiosk/index.html#/start'), { locale: 'en' });
    expect(call).toHaveBeenCalledTimes(1);
    expect(call.mock.calls[0]?.slice(1)).toEqual(['getContent', { locale: 'en' }]);
  });

  it('can be unregistered', () => {
    const unregister = registerIpc(storeContext());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
