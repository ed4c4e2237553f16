import { describe, expect, it } from 'vitest';
import { adminCall } from './admin-call';
import { SelfTestState } from './self-test.svelte';
import { fakeKiosk } from '../test/fake-kiosk';
import type { ContentView } from '../../../../electron/api';

const TOKEN = 'a'.repeat(64);
const noContent = () => ({}) as ContentView;

describe('the self-test page state', () => {
  it('asks with the admin token and counts the closed escape paths', async () => {
    const kiosk = fakeKiosk(noContent, {
      getSelfTest: () =>
        Promise.resolve({
          ok: true,
          value: {
            shell: 'electron',
            checks: [
              { id: 'kiosk_window', ok: true, detail: 'live probe' },
              { id: 'devtools_closed', ok: false, detail: 'live probe: isDevToolsOpened() = true' },
              { id: 'csp_strict', ok: true, detail: 'live probe' },
            ],
          },
        }),
    });
    const state = new SelfTestState(kiosk.client, adminCall({ guard: (r) => r }, TOKEN));
    expect(state.status.kind).toBe('loading');
    await state.run();
    expect(kiosk.callsTo('getSelfTest')).toEqual([{ method: 'getSelfTest', arg: { token: TOKEN } }]);
    expect(state.closed).toBe(2);
    expect(state.total).toBe(3);
  });

  it('passes an expired token to the guard and shows the error', async () => {
    const kiosk = fakeKiosk(noContent, {
      getSelfTest: () => Promise.resolve({ ok: false, error: { code: 'unauthorized', message: 'expired', details: [] } }),
    });
    let guarded = 0;
    const state = new SelfTestState(
      kiosk.client,
      adminCall(
        {
          guard: (r) => {
            guarded++;
            return r;
          },
        },
        TOKEN,
      ),
    );
    await state.run();
    expect(guarded).toBe(1);
    expect(state.status).toEqual({ kind: 'failed', message: 'expired' });
    expect(state.closed).toBe(0);
  });
});
