/**
 * 10,000 random, mostly malformed API calls through the handler table, and
 * 300 more over HTTP through the e2e harness (issue 4, "Fault tests").
 *
 * Calls are drawn from a seeded generator: real and made-up method names;
 * valid arguments with one to three faults (a missing, extra or wrong-typed
 * key, NaN, negative or unknown session ids, forged tokens, huge strings,
 * deep nesting, `__proto__` / `constructor` keys), or no argument shape at
 * all. Every call must answer `{ ok: true, value }` or
 * `{ ok: false, error: { code, message, details } }` and never throw or
 * reject, and none may end in `internal` (an error nobody anticipated).
 * Afterwards the store passes integrity_check, the active pack is the same
 * and still serves the same content, and no prototype was polluted.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { handleCall } from './handlers';
import { API_ERROR_CODES, LOCALES } from './api';
import { API_METHODS } from './api-methods';
import { makeTestContext, type TestContext } from './test/test-context';
import { OUTCOMES } from '../db/session-event';
import { listPacks } from '../db/content-import';
import { readContentView } from '../db/content-read';
import { startHarness } from '../e2e/harness';

const SEED = 4_2026_1120;
const DIRECT_CALLS = 10_000;
const HTTP_CALLS = 300;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------
// The generator

/** Keys an attacker would try; as own keys (JSON.parse), as over IPC and HTTP. */
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'];
const BAD_METHOD_NAMES = [
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  'getcontent',
  'getContent ',
  ' getContent',
  'logEvent\n',
  'getContent\u0000',
  'implementations',
  'isApiMethod',
  '../../etc/passwd',
  '%2e%2e%2f',
  'unlock;DROP TABLE pin_lockout',
  '获取内容',
  '🙂',
];

interface Generated {
  method: string;
  arg: unknown;
}

class CallGenerator {
  readonly #rand: () => number;
  readonly #forHttp: boolean;
  /** Ids of sessions the fuzz itself started, so some calls hit real sessions. */
  readonly sessions: number[] = [];
  /** Valid tokens the test hands out, so admin methods get past the token check with bad arguments. */
  tokens: { admin: () => string; staff: () => string } | null = null;

  constructor(seed: number, options: { forHttp: boolean }) {
    this.#rand = prng(seed);
    this.#forHttp = options.forHttp;
  }

  #int(n: number): number {
    return Math.floor(this.#rand() * n);
  }
  #pick<T>(xs: readonly T[]): T {
    return xs[this.#int(xs.length)]!;
  }
  #chance(p: number): boolean {
    return this.#rand() < p;
  }

  /** Over HTTP a body is at most 64 KiB; direct calls get far bigger strings. */
  #huge(): string {
    return 'x'.repeat(this.#forHttp ? 20_000 : 200_000 + this.#int(800_000));
  }

  string(): string {
    return this.#pick([
      '',
      ' ',
      'en',
      'zh-Hans',
      'fr',
      'EN',
      'start',
      'no_load',
      'network',
      'My name is Li Wei, card 6222 0000 1111 2222',
      "'; DROP TABLE session; --",
      '<img src=x onerror=alert(1)>',
      '\u0000',
      '\ud800',
      '🙂'.repeat(20),
      '2026-11-20',
      '2026-02-30',
      'NaN',
      '-1',
      '1e309',
      'a'.repeat(64),
      'f'.repeat(64),
      'F'.repeat(64),
      'g'.repeat(64),
      '0'.repeat(63),
      ...DANGEROUS_KEYS,
      this.#huge(),
    ]);
  }

  number(): number {
    return this.#pick([0, -0, 1, -1, 2, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 4, 5, 29, 30, 366, 367, 600, 601, 999_999]);
  }

  /** Deep nesting: arrays or objects hundreds to thousands of levels deep. */
  deep(): unknown {
    const depth = this.#forHttp ? 100 + this.#int(2_000) : 100 + this.#int(20_000);
    let value: unknown = this.#chance(0.5) ? 'bottom' : null;
    const asObject = this.#chance(0.5);
    for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
    return value;
  }

  /** Anything at all, `depth` levels at most (plus the occasional very deep value). */
  value(depth = 3): unknown {
    const kind = this.#int(depth > 0 ? 12 : 8);
    switch (kind) {
      case 0:
        return this.#forHttp ? null : undefined;
      case 1:
        return null;
      case 2:
        return this.#chance(0.5);
      case 3:
      case 4:
        return this.number();
      case 5:
      case 6:
        return this.string();
      case 7:
        if (this.#forHttp) return this.string();
        // Values structured clone carries over IPC but JSON does not.
        return this.#pick<() => unknown>([
          () => 10n,
          () => new Date(NaN),
          () => new Map([['locale', 'en']]),
          () => new Uint8Array(8),
          () => Object.create(null) as unknown,
          () => [undefined, , 1], // eslint-disable-line no-sparse-arrays
        ])();
      case 8:
        return Array.from({ length: this.#int(5) }, () => this.value(depth - 1));
      case 9:
      case 10:
        return this.object(depth - 1);
      default:
        return this.deep();
    }
  }

  object(depth: number): Record<string, unknown> {
    const entries: [string, unknown][] = [];
    for (let i = this.#int(4); i > 0; i--) {
      const key = this.#chance(0.4) ? this.#pick(DANGEROUS_KEYS) : this.#chance(0.1) ? this.#huge() : this.#pick(['locale', 'sessionId', 'event', 'token', 'pin', 'type', 'x', 'settings']);
      entries.push([key, this.value(depth)]);
    }
    return withOwnKeys(entries);
  }

  token(): unknown {
    const r = this.#rand();
    if (r < 0.1 && this.tokens) return this.tokens.admin();
    if (r < 0.15 && this.tokens) return this.tokens.staff();
    if (r < 0.75) return Array.from({ length: 64 }, () => '0123456789abcdef'[this.#int(16)]).join('');
    return this.value(1);
  }

  /** A USB drive as the page would name one, or a path it must never reach. */
  drive(): unknown {
    if (this.#rand() < 0.8) return this.#pick(['/media/kiosk/USB', 'E:\\', '/', '..', '/etc', 'C:\\Windows', '']);
    return this.value(1);
  }

  pin(): unknown {
    const r = this.#rand();
    // Strong, well-formed PINs are rare: each one costs a real scrypt hash when it gets that far.
    if (r < 0.05) return this.#pick(['482913', '739164', '58203617']);
    if (r < 0.6) return this.#pick(['123456', '000000', '111111', '654321', '1234', '12345678901', '97531860', '0482913']);
    if (r < 0.8) return String(this.#int(10 ** (1 + this.#int(14))));
    return this.value(1);
  }

  sessionId(): unknown {
    const r = this.#rand();
    if (r < 0.4 && this.sessions.length > 0) return this.#pick(this.sessions);
    if (r < 0.7) return this.#pick([999_999, 2 ** 31 - 1, 1, -1, 0, -5]);
    return this.value(1);
  }

  event(): unknown {
    return this.#pick<() => unknown>([
      () => ({ type: 'answer', questionId: 'start', answerId: 'no_load' }),
      () => ({ type: 'cause_shown', causeId: 'network', rank: this.#pick([0, 1, 99, 100, -1, 0.5, NaN]) }),
      () => ({ type: 'step_done', causeId: 'network', stepId: 'switch', done: this.#chance(0.5) }),
      () => ({ type: 'handoff_chosen', causeId: null, kind: this.#pick(['counter', 'email']) }),
      () => ({ type: 'locale_changed', locale: this.#pick([...LOCALES, 'fr']) }),
      () => ({ type: 'accessibility_changed', feature: 'large_text', on: true }),
      () => ({ type: this.string() }),
      () => this.value(2),
    ])();
  }

  /** A valid-looking argument for `method`. */
  template(method: string): Record<string, unknown> {
    switch (method) {
      case 'getContent':
        return { locale: this.#pick(LOCALES) };
      case 'startSession':
        return { locale: this.#pick(LOCALES), assistedBy: this.#chance(0.5) ? null : this.token() };
      case 'logEvent':
        return { sessionId: this.sessionId(), event: this.event() };
      case 'endSession':
        return { sessionId: this.sessionId(), outcome: this.#pick([...OUTCOMES, 'exploded']) };
      case 'setupAdminPin':
      case 'unlock':
        return { pin: this.pin() };
      case 'lock':
      case 'keepUnlocked':
      case 'getSettings':
      case 'quitKiosk':
      case 'listPacks':
      case 'listUsbDrives':
      case 'rollbackPack':
      case 'getSelfTest':
        return { token: this.token() };
      case 'getDashboard':
        return { token: this.token(), locale: this.#pick(LOCALES), days: this.#chance(0.5) ? 1 + this.#int(366) : this.number() };
      case 'exportStats':
        return { token: this.token(), drive: this.drive(), from: this.#pick([null, '2026-11-01', '2026-13-01', 'yesterday']), to: null };
      case 'importPackFromUsb':
        return { token: this.token(), drive: this.drive(), file: this.#pick(['card-binding.json', '../etc/passwd', 'a\\b.json', '', this.string()]) };
      case 'updateSettings':
        return { token: this.token(), settings: this.#chance(0.5) ? { statsK: this.number(), kioskPseudonym: this.string() } : this.object(1) };
      case 'changePin':
        return { token: this.token(), role: this.#pick(['staff', 'admin', 'root']), pin: this.pin() };
      default:
        return {};
    }
  }

  /** One to three faults in a valid-looking argument. */
  mutate(arg: Record<string, unknown>): unknown {
    let entries = Object.entries(arg);
    for (let n = 1 + this.#int(3); n > 0; n--) {
      const fault = this.#int(6);
      if (fault === 0 && entries.length > 0) entries.splice(this.#int(entries.length), 1);
      else if (fault === 1 && entries.length > 0) entries[this.#int(entries.length)]![1] = this.value(2);
      else if (fault === 2) entries.push([this.#pick(DANGEROUS_KEYS), this.#chance(0.5) ? { polluted: 'yes', isAdmin: true } : this.value(1)]);
      else if (fault === 3) entries.push([this.#chance(0.2) ? this.#huge() : this.string(), this.value(1)]);
      else if (fault === 4) return this.value(2);
      else entries = entries.map(([k, v]) => [k, v !== null && typeof v === 'object' && !Array.isArray(v) ? this.mutate(v as Record<string, unknown>) : v]);
    }
    return withOwnKeys(entries);
  }

  next(): Generated {
    // Over HTTP the name is in the URL, which Node itself caps at 16 KiB of headers (431).
    const hugeName = () => 'm'.repeat(this.#forHttp ? 4_000 : 100_000);
    const method = this.#chance(0.88) ? this.#pick(API_METHODS) : this.#chance(0.8) ? this.#pick(BAD_METHOD_NAMES) : hugeName();
    const template = this.template(method);
    const arg = this.#chance(0.35) ? template : this.mutate(template);
    return { method, arg };
  }
}

/** An object whose keys are all own data properties, `__proto__` included (as JSON.parse makes them). */
function withOwnKeys(entries: readonly [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

// ---------------------------------------------------------------------------
// What every answer must look like

const CODES = new Set<string>(API_ERROR_CODES);

function shapeProblem(result: unknown): string | null {
  if (result === null || typeof result !== 'object') return `not an object: ${String(result)}`;
  const r = result as { ok?: unknown; value?: unknown; error?: unknown };
  if (r.ok === true) return 'value' in r ? null : 'ok without a value';
  if (r.ok !== false) return `ok is ${String(r.ok)}`;
  const e = r.error as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  if (!e || typeof e !== 'object') return 'ok:false without an error';
  if (typeof e.code !== 'string' || !CODES.has(e.code)) return `unknown error code ${String(e.code)}`;
  if (e.code === 'internal') return `internal: ${String(e.message)}`;
  if (typeof e.message !== 'string' || e.message === '') return 'error without a message';
  if (!Array.isArray(e.details) || !e.details.every((d) => typeof d === 'string')) return 'details is not a list of strings';
  // The message is ours, never an echo of the input. (details may quote a key the caller sent, whatever its length.)
  if (e.message.length > 1000) return `a message of ${e.message.length} characters`;
  try {
    JSON.stringify(result); // it must survive IPC and HTTP
  } catch (err) {
    return `answer cannot be serialized: ${String(err)}`;
  }
  return null;
}

function describeCall(method: string, arg: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(arg) ?? String(arg);
  } catch {
    text = String(arg);
  }
  return `${method.slice(0, 40)}(${text.slice(0, 160)})`;
}

// ---------------------------------------------------------------------------
// Invariants around a run

function prototypeSnapshot(): Record<string, string[]> {
  const of = (o: object) => Object.getOwnPropertyNames(o).sort();
  return { object: of(Object.prototype), array: of(Array.prototype), function: of(Function.prototype), string: of(String.prototype) };
}

function expectNoPollution(before: Record<string, string[]>): void {
  expect(prototypeSnapshot()).toEqual(before);
  const probe = {} as Record<string, unknown>;
  expect([probe['polluted'], probe['isAdmin']]).toEqual([undefined, undefined]);
}

function contentSnapshot(ctx: TestContext) {
  return { packs: listPacks(ctx.db), views: LOCALES.map((l) => readContentView(ctx.db, l)) };
}

describe('API fuzz', () => {
  it(`${DIRECT_CALLS} random calls through handleCall: each answers a structured result, and nothing breaks`, async () => {
    const ctx = makeTestContext();
    ctx.drives = []; // a valid export would start a worker: no drive is plugged in
    const prototypesBefore = prototypeSnapshot();
    const contentBefore = contentSnapshot(ctx);
    const gen = new CallGenerator(SEED, { forHttp: false });
    gen.tokens = { admin: () => ctx.tokens.issue('admin', ctx.now()), staff: () => ctx.tokens.issue('staff', ctx.now()) };

    const problems: string[] = [];
    const tally = new Map<string, number>();
    for (let i = 0; i < DIRECT_CALLS; i++) {
      const { method, arg } = gen.next();
      let result: unknown;
      try {
        result = await handleCall(ctx, method, arg);
      } catch (err) {
        problems.push(`call ${i} ${describeCall(method, arg)} threw ${String(err)}`);
        continue;
      }
      const problem = shapeProblem(result);
      if (problem) problems.push(`call ${i} ${describeCall(method, arg)}: ${problem}`);
      const r = result as { ok: boolean; value?: { sessionId?: unknown }; error?: { code: string } };
      const key = r.ok ? 'ok' : r.error!.code;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      if (r.ok && method === 'startSession' && typeof r.value?.sessionId === 'number') gen.sessions.push(r.value.sessionId);
      if (problems.length > 20) break;
    }
    await new Promise((r) => setTimeout(r, 80)); // let a quitKiosk timer fire inside the test

    expect(problems).toEqual([]);
    // The generator must reach past argument checking, not only bounce off it.
    expect(tally.get('invalid_argument')).toBeGreaterThan(DIRECT_CALLS * 0.3);
    expect(tally.get('ok')).toBeGreaterThan(DIRECT_CALLS * 0.05);
    expect(tally.get('unknown_method')).toBeGreaterThan(DIRECT_CALLS * 0.05);
    expect(tally.get('rejected')).toBeGreaterThan(0);
    expect(tally.get('unauthorized')).toBeGreaterThan(0);

    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(contentSnapshot(ctx)).toEqual(contentBefore);
    expect(await handleCall(ctx, 'getContent', { locale: 'zh-Hant' })).toEqual({ ok: true, value: contentBefore.views[1] });
    expectNoPollution(prototypesBefore);
    ctx.db.close();
    rmSync(ctx.dir, { recursive: true, force: true });
  }, 60_000);

  it(`${HTTP_CALLS} random requests to the harness over HTTP: each answers structured JSON, and the harness keeps serving`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-fuzz-http-'));
    const harness = await startHarness({ port: 0, dataDir });
    try {
      const prototypesBefore = prototypeSnapshot();
      const post = async (method: string, body: string) => {
        const res = await fetch(`${harness.url}api/${encodeURIComponent(method)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
      };
      const contentBefore = await post('getContent', '{"locale":"en"}');
      const infoBefore = await post('getKioskInfo', '{}');
      expect(JSON.parse(contentBefore.text)).toMatchObject({ ok: true });

      const gen = new CallGenerator(SEED + 1, { forHttp: true });
      const rand = prng(SEED + 2);
      const rawBodies = [
        '',
        'not json',
        '{"locale":',
        '{"locale":"en"',
        '{"__proto__":{"polluted":"yes"},"locale":"en"}',
        '{"constructor":{"prototype":{"polluted":"yes"}}}',
        '\ufeff{"locale":"en"}',
        'null',
        '[]',
        '"en"',
        '1e999',
        '{"locale":"en","locale":"fr"}',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
      ];
      const problems: string[] = [];
      for (let i = 0; i < HTTP_CALLS; i++) {
        const { method, arg } = gen.next();
        let body: string;
        if (rand() < 0.2) body = rawBodies[Math.floor(rand() * rawBodies.length)]!;
        else {
          try {
            body = JSON.stringify(arg) ?? '';
          } catch {
            body = 'null';
          }
        }
        if (body.length > 60_000) body = body.slice(0, 60_000); // under the harness's 64 KiB limit: truncated JSON
        let answer: { status: number; type: string | null; text: string };
        try {
          answer = await post(method, body);
        } catch (err) {
          problems.push(`request ${i} ${describeCall(method, arg)} failed: ${String(err)}`);
          continue;
        }
        if (answer.status !== 200 || !answer.type?.startsWith('application/json')) {
          problems.push(`request ${i} ${describeCall(method, arg)}: HTTP ${answer.status} ${answer.type}`);
          continue;
        }
        const problem = shapeProblem(JSON.parse(answer.text));
        if (problem) problems.push(`request ${i} ${describeCall(method, arg)}: ${problem}`);
        if (problems.length > 20) break;
      }
      expect(problems).toEqual([]);

      // Not an API call: refused plainly, and the server is still there.
      expect((await fetch(`${harness.url}api/getContent`)).status).toBe(405);
      // Over the body limit: the harness drops the connection rather than reading on.
      await expect(post('getContent', JSON.stringify({ locale: 'x'.repeat(70_000) }))).rejects.toThrow();

      expect(await post('getContent', '{"locale":"en"}')).toEqual(contentBefore);
      expect(await post('getKioskInfo', '{}')).toEqual(infoBefore);
      expectNoPollution(prototypesBefore);
    } finally {
      await harness.close();
    }
    // The harness closed its store: check the file with a fresh connection.
    const { openStore } = await import('../db/store');
    const db = openStore(join(dataDir, 'kiosk.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listPacks(db).filter((p) => p.active).map((p) => p.packId)).toEqual(['card_binding']);
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
