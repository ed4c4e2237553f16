import { describe, expect, it } from 'vitest';
import type { ApiResult, KioskApi, UnlockResult } from '../../../../electron/api';
import { createKioskClient } from '../kiosk';
import { fakeContent } from '../test/fake-content';
import { fakeKiosk } from '../test/fake-kiosk';
import { NewPin } from './new-pin.svelte';
import { Unlock } from './unlock.svelte';

function answering(result: UnlockResult | 'throws') {
  const unlocked: string[] = [];
  const fake = fakeKiosk(fakeContent, {
    unlock: async (): Promise<ApiResult<UnlockResult>> => {
      if (result === 'throws') throw new Error('bridge gone');
      return { ok: true, value: result };
    },
  });
  const unlock = new Unlock(fake.client, (role, token) => unlocked.push(`${role}:${token}`));
  for (const k of '860412') unlock.press(k);
  return { fake, unlock, unlocked };
}

describe('Unlock', () => {
  it('sends the typed PIN once and hands role and token on', async () => {
    const { fake, unlock, unlocked } = answering({ status: 'unlocked', role: 'staff', token: 'b'.repeat(64) });
    await unlock.submit();
    expect(fake.callsTo('unlock').map((c) => c.arg)).toEqual([{ pin: '860412' }]);
    expect(unlocked).toEqual([`staff:${'b'.repeat(64)}`]);
    expect(unlock.entry.length).toBe(0);
  });

  it('a wrong PIN says how many tries are left and clears the pad', async () => {
    const { unlock, unlocked } = answering({ status: 'wrong_pin', remainingTries: 3 });
    await unlock.submit();
    expect(unlock.status).toEqual({ kind: 'wrong_pin', remainingTries: 3 });
    expect(unlock.entry.length).toBe(0);
    expect(unlocked).toEqual([]);
  });

  it('locked and not configured are their own states', async () => {
    const locked = answering({ status: 'locked', lockedUntil: '2030-01-01T14:35:00.000Z' });
    await locked.unlock.submit();
    expect(locked.unlock.status).toEqual({ kind: 'locked', lockedUntil: '2030-01-01T14:35:00.000Z' });
    const none = answering({ status: 'not_configured' });
    await none.unlock.submit();
    expect(none.unlock.status).toEqual({ kind: 'not_configured' });
  });

  it('a failed call is shown with its message, never thrown', async () => {
    const { unlock } = answering('throws');
    await unlock.submit();
    expect(unlock.status).toEqual({ kind: 'failed', message: 'bridge gone' });
  });

  it('OK with too few digits does nothing', async () => {
    const fake = fakeKiosk(fakeContent);
    const unlock = new Unlock(fake.client, () => {});
    unlock.press('1');
    await unlock.submit();
    expect(fake.callsTo('unlock')).toEqual([]);
  });

  it('shows a lockout still running as soon as the pad opens', async () => {
    const fake = fakeKiosk(fakeContent, {
      getAccessStatus: async () => ({ ok: true, value: { adminConfigured: true, staffConfigured: true, lockedUntil: '2030-01-01T14:35:00.000Z' } }),
    });
    const unlock = new Unlock(fake.client, () => {}, () => Date.parse('2030-01-01T14:00:00.000Z'));
    await unlock.checkLockout();
    expect(unlock.status.kind).toBe('locked');
  });
});

describe('NewPin', () => {
  it('asks twice, then saves and reports what was saved', async () => {
    const saved: string[] = [];
    const newPin = new NewPin(
      async (pin) => ({ ok: true, value: { token: `t-${pin}` } }),
      (value) => saved.push(value.token),
    );
    for (const k of '480613') newPin.press(k);
    await newPin.submit();
    expect(newPin.stage).toBe('confirm');
    expect(newPin.entry.length).toBe(0);
    for (const k of '480613') newPin.press(k);
    await newPin.submit();
    expect(newPin.stage).toBe('saved');
    expect(saved).toEqual(['t-480613']);
  });

  it('two different entries start over with a mismatch, nothing saved', async () => {
    const saved: string[] = [];
    const newPin = new NewPin(async (pin) => {
      saved.push(pin);
      return { ok: true, value: {} };
    });
    for (const k of '480613') newPin.press(k);
    await newPin.submit();
    for (const k of '480614') newPin.press(k);
    await newPin.submit();
    expect(newPin.stage).toBe('first');
    expect(newPin.problem).toEqual({ kind: 'mismatch' });
    expect(saved).toEqual([]);
  });

  it('a refusal (weak PIN) is shown with the kiosk’s message and the entry starts over', async () => {
    const newPin = new NewPin(async () => ({
      ok: false,
      error: { code: 'rejected', message: 'PIN is too easy to guess', details: [] },
    }));
    for (const round of [0, 1]) {
      void round;
      for (const k of '135791') newPin.press(k);
      await newPin.submit();
    }
    expect(newPin.stage).toBe('first');
    expect(newPin.problem).toEqual({ kind: 'rejected', message: 'PIN is too easy to guess' });
  });

  it('keeps the reason of a refusal, so the pad can say it in the screen’s language', async () => {
    const api = {
      setupAdminPin: async () => ({ ok: false, error: { code: 'rejected', message: 'PIN is too easy to guess', details: [], reason: 'pin_too_easy' } }),
      unlock: async () => ({ ok: false, error: { code: 'rejected', message: 'x', details: [], reason: 'made_up_reason' } }),
    } as unknown as KioskApi;
    const client = createKioskClient(api);
    const newPin = new NewPin((pin) => client.setupAdminPin({ pin }));
    for (const round of [0, 1]) {
      void round;
      for (const k of '123456') newPin.press(k);
      await newPin.submit();
    }
    expect(newPin.problem).toEqual({ kind: 'rejected', message: 'PIN is too easy to guess', reason: 'pin_too_easy' });
    // A reason the screen does not know is left out: the message is shown instead.
    expect(await client.unlock({ pin: '482913' })).toEqual({ ok: false, error: { code: 'rejected', message: 'x', details: [] } });
  });
});
