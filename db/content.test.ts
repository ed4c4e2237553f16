import { describe, expect, it } from 'vitest';
import { openStore } from './store';
import { importPack, ensureBundledPack, listPacks } from './content-import';
import { readContentView, readActivePackInfo, NoActivePackError } from './content-read';
import { fixturePack } from './test/fixture-pack';
import { rollbackPack } from './pack-history';
import bundled from './content/card-binding.json';

describe('importPack and readContentView', () => {
  it('round-trips a pack through SQLite in each locale', () => {
    const db = openStore(':memory:');
    expect(importPack(db, fixturePack())).toEqual({ ok: true, packId: 'fixture_pack', version: '1.0.0', activated: true });
    const zh = readContentView(db, 'zh-Hant');
    expect(zh.title).toBe('繁:Fixture pack');
    expect(zh.startQuestion).toBe('start');
    expect(zh.questions['which_message']!.answers.map((a) => a.next)).toEqual([{ causes: ['reserved_phone', 'network'] }, { causes: ['outage'] }]);
    expect(zh.causes['network']!.steps.map((s) => s.title)).toEqual(['繁:Switch network', '繁:Retry']);
    expect(zh.causes['reserved_phone']!.handoffs).toEqual([{ kind: 'counter', detail: '繁:The teller updates your number', bring: ['id_card', 'bank_card'] }]);
    expect(zh.questions['start']!.hint).toBe('繁:Pick one');
    expect(zh.questions['which_message']!.hint).toBeNull();
    const en = readContentView(db, 'en');
    expect(en.fallback).toEqual({ title: 'Please ask at the counter', handoff: { kind: 'counter', detail: 'The teller checks your card', bring: ['id_card', 'bank_card'] } });
  });

  it('rejects a bad pack and keeps the active pack serving unchanged', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    const before = readContentView(db, 'en');
    const bad = fixturePack();
    bad.version = '2.0.0';
    bad.causes[0]!.steps = [];
    const result = importPack(db, bad);
    expect(result.ok).toBe(false);
    expect(readActivePackInfo(db)).toEqual({ packId: 'fixture_pack', version: '1.0.0' });
    expect(readContentView(db, 'en')).toEqual(before);
    expect(listPacks(db)).toHaveLength(1);
  });

  it('rolls back a pack that fails half-way through writing', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    // Sabotage the store so the write fails after the pack row is inserted.
    db.exec("CREATE TRIGGER no_steps BEFORE INSERT ON step BEGIN SELECT RAISE(ABORT, 'disk said no'); END");
    const next = fixturePack();
    next.version = '1.1.0';
    expect(() => importPack(db, next)).toThrow('disk said no');
    expect(readActivePackInfo(db).version).toBe('1.0.0');
    expect(listPacks(db).map((p) => p.version)).toEqual(['1.0.0']);
  });

  it('refuses to import the same version twice', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    const again = importPack(db, fixturePack());
    expect(again).toEqual({ ok: false, problems: [{ path: 'version', message: 'pack "fixture_pack" version 1.0.0 is already imported; raise the version' }] });
  });

  it('a newer valid pack becomes the active one', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    const next = fixturePack();
    next.version = '1.1.0';
    next.title.en = 'Fixture pack, revised';
    importPack(db, next);
    expect(readContentView(db, 'en').title).toBe('Fixture pack, revised');
    expect(listPacks(db).map((p) => [p.version, p.active])).toEqual([
      ['1.1.0', true],
      ['1.0.0', false],
    ]);
  });

  it('says clearly when no pack is active', () => {
    const db = openStore(':memory:');
    expect(() => readContentView(db, 'en')).toThrow(NoActivePackError);
  });
});

describe('ensureBundledPack', () => {
  it('imports the bundled pack into an empty store, once', () => {
    const db = openStore(':memory:');
    ensureBundledPack(db);
    ensureBundledPack(db);
    expect(listPacks(db)).toHaveLength(1);
    expect(readActivePackInfo(db)).toEqual({ packId: bundled.id, version: bundled.version });
  });

  it('upgrades to a newer bundled version of the active pack but never downgrades', () => {
    const db = openStore(':memory:');
    const v1 = fixturePack();
    ensureBundledPack(db, v1);
    const v2 = { ...fixturePack(), version: '1.0.1' };
    ensureBundledPack(db, v2);
    expect(readActivePackInfo(db).version).toBe('1.0.1');
    ensureBundledPack(db, v1);
    expect(readActivePackInfo(db).version).toBe('1.0.1');
  });

  it('keeps an admin\'s rollback from the bundled version across restarts, until the app ships a newer one', () => {
    const db = openStore(':memory:');
    ensureBundledPack(db, fixturePack());
    const update = { ...fixturePack(), version: '1.1.0' };
    ensureBundledPack(db, update);
    expect(readActivePackInfo(db).version).toBe('1.1.0');
    expect(rollbackPack(db, { now: new Date('2026-12-07T10:00:00Z') }).ok).toBe(true);
    // The next start runs it again with the same app.
    ensureBundledPack(db, update);
    expect(readActivePackInfo(db).version).toBe('1.0.0');
    ensureBundledPack(db, { ...fixturePack(), version: '1.2.0' });
    expect(readActivePackInfo(db).version).toBe('1.2.0');
  });

  it('throws with every problem listed when the bundled pack is invalid', () => {
    const db = openStore(':memory:');
    const broken = fixturePack();
    broken.startQuestion = 'nope';
    expect(() => ensureBundledPack(db, broken)).toThrow(/bundled content pack is invalid:\n {2}startQuestion: unknown question "nope"/);
  });
});
