import { describe, expect, it } from 'vitest';
import { openStore } from '../db/store';
import { importPack } from '../db/content-import';
import { fixturePack } from '../db/test/fixture-pack';
import { handleCall } from './handlers';
import { API_METHODS } from './api-methods';
import { argumentSchemas } from './api';

function contextWithPack() {
  const db = openStore(':memory:');
  importPack(db, fixturePack());
  return { db };
}

describe('handleCall', () => {
  it('has a schema for every method and a method for every schema', () => {
    expect(Object.keys(argumentSchemas).sort()).toEqual([...API_METHODS].sort());
  });

  it('answers getContent from the store in the asked locale', () => {
    const result = handleCall(contextWithPack(), 'getContent', { locale: 'zh-Hans' });
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.value as { title: string }).title).toBe('简:Fixture pack');
  });

  it('answers getKioskInfo with the active pack', () => {
    expect(handleCall(contextWithPack(), 'getKioskInfo', {})).toEqual({
      ok: true,
      value: { packId: 'fixture_pack', packVersion: '1.0.0', locales: ['zh-Hans', 'zh-Hant', 'en'] },
    });
  });

  it.each([
    ['a missing argument', undefined, '(argument): Invalid input: expected object, received undefined'],
    ['an unknown locale', { locale: 'fr' }, 'locale: Invalid option: expected one of "zh-Hans"|"zh-Hant"|"en"'],
    ['an extra key', { locale: 'en', sql: 'DROP TABLE pack' }, '(argument): Unrecognized key: "sql"'],
    ['a wrong type', { locale: 42 }, 'locale: Invalid option: expected one of "zh-Hans"|"zh-Hant"|"en"'],
  ])('rejects %s with a specific message and touches nothing', (_name, arg, detail) => {
    const ctx = contextWithPack();
    const result = handleCall(ctx, 'getContent', arg);
    expect(result).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'Invalid argument for getContent.', details: [detail] } });
  });

  it('rejects an unknown method without running anything', () => {
    const result = handleCall(contextWithPack(), '__proto__', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('reports a missing pack as its own error kind', () => {
    const result = handleCall({ db: openStore(':memory:') }, 'getContent', { locale: 'en' });
    expect(result).toMatchObject({ ok: false, error: { code: 'no_active_pack' } });
  });

  it('turns an internal failure into a structured error instead of throwing', () => {
    const ctx = contextWithPack();
    ctx.db.close();
    const result = handleCall(ctx, 'getContent', { locale: 'en' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('getContent failed') } });
  });
});
