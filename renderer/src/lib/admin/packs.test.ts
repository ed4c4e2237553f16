import { describe, expect, it } from 'vitest';
import type { PackHistory, PackInfo } from '../../../../electron/api';
import { fakeContent } from '../test/fake-content';
import { fakeKiosk } from '../test/fake-kiosk';
import { adminCall } from './admin-call';
import { PacksState } from './packs.svelte';

const TOKEN = 'a'.repeat(64);
const call = adminCall({ guard: (r) => r }, TOKEN);

function info(version: string, extra: Partial<PackInfo> = {}): PackInfo {
  return { packId: 'card_binding', version, importedAt: '2026-11-20T09:00:00.000Z', active: false, source: 'usb', signedBy: 'Bank', rolledBack: false, ...extra };
}
const bundled = info('1.0.0', { source: 'bundled', signedBy: null });
const two: PackHistory = { active: info('1.1.0', { active: true }), previous: bundled, all: [info('1.1.0', { active: true }), bundled] };
const one: PackHistory = { active: { ...bundled, active: true }, previous: null, all: [{ ...bundled, active: true }] };

describe('the content packs page state', () => {
  it('loads the packs with the admin token', async () => {
    const fake = fakeKiosk(fakeContent, { listPacks: async () => ({ ok: true, value: two }) });
    const state = new PacksState(fake.client, call);
    await state.load();
    expect(fake.callsTo('listPacks').map((c) => c.arg)).toEqual([{ token: TOKEN }]);
    expect(state.history).toEqual(two);
  });

  it('an import lists every problem the kiosk found, and a success reloads the list', async () => {
    const problems = [
      { path: '(signature)', message: 'not signed' },
      { path: 'causes[0].title.en', message: 'text is empty' },
    ];
    let answer: unknown = { status: 'rejected', reason: 'invalid_pack', problems };
    const fake = fakeKiosk(fakeContent, {
      listPacks: async () => ({ ok: true, value: two }),
      importPackFromUsb: async () => ({ ok: true, value: answer as never }),
    });
    const state = new PacksState(fake.client, call);
    await state.importFromUsb('/media/kiosk/USB', 'card-binding.json');
    expect(fake.callsTo('importPackFromUsb').map((c) => c.arg)).toEqual([{ token: TOKEN, drive: '/media/kiosk/USB', file: 'card-binding.json' }]);
    expect(state.importStatus).toEqual({ kind: 'rejected', reason: 'invalid_pack', problems });
    expect(fake.callsTo('listPacks')).toHaveLength(0);

    answer = { status: 'imported', packId: 'card_binding', version: '1.1.0', signedBy: 'Bank' };
    await state.importFromUsb('/media/kiosk/USB', 'card-binding.json');
    expect(state.importStatus).toEqual({ kind: 'imported', packId: 'card_binding', version: '1.1.0' });
    expect(state.history).toEqual(two);
  });

  it('an unplugged drive is a failure the page can tell apart (it lists the drives again)', async () => {
    const fake = fakeKiosk(fakeContent, {
      importPackFromUsb: async () => ({ ok: false, error: { code: 'drive_gone', message: 'The USB drive /media/kiosk/USB is not connected any more.', details: [] } }),
    });
    const state = new PacksState(fake.client, call);
    await state.importFromUsb('/media/kiosk/USB', 'card-binding.json');
    expect(state.importStatus).toEqual({ kind: 'failed', code: 'drive_gone', message: 'The USB drive /media/kiosk/USB is not connected any more.' });
  });

  it('rollback asks first, can be cancelled, and shows the version that is active again', async () => {
    const fake = fakeKiosk(fakeContent, {
      listPacks: async () => ({ ok: true, value: two }),
      rollbackPack: async () => ({ ok: true, value: one }),
    });
    const state = new PacksState(fake.client, call);
    await state.confirmRollback();
    expect(fake.callsTo('rollbackPack')).toHaveLength(0);
    await state.load();
    state.askRollback();
    expect(state.rollbackStatus).toEqual({ kind: 'confirming' });
    state.cancelRollback();
    expect(state.rollbackStatus).toEqual({ kind: 'idle' });
    state.askRollback();
    await state.confirmRollback();
    expect(fake.callsTo('rollbackPack').map((c) => c.arg)).toEqual([{ token: TOKEN }]);
    expect(state.rollbackStatus).toEqual({ kind: 'done', version: '1.0.0' });
    expect(state.history).toEqual(one);
    state.askRollback();
    expect(state.rollbackStatus).toEqual({ kind: 'done', version: '1.0.0' });
  });

  it('a refused rollback shows the message and reloads what is true now', async () => {
    const fake = fakeKiosk(fakeContent, {
      listPacks: async () => ({ ok: true, value: one }),
      rollbackPack: async () => ({ ok: false, error: { code: 'rejected', message: 'There is no previous content pack to roll back to.', details: [] } }),
    });
    const state = new PacksState(fake.client, call);
    state.history = two;
    state.askRollback();
    await state.confirmRollback();
    expect(state.rollbackStatus).toEqual({ kind: 'failed', message: 'There is no previous content pack to roll back to.' });
    expect(state.history).toEqual(one);
  });
});
