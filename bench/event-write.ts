/**
 * Session event write as the API does it: the real `logPackEvent` (schema
 * check, open-session check, the event's ids in its session's pack, next seq,
 * INSERT: one statement) against a raw prepared INSERT of the same row into the
 * same table, both on a file store opened like the kiosk's (WAL,
 * synchronous=FULL: one WAL fsync per event). Interleaved, alternating which
 * goes first, so disk and checkpoint hiccups hit both alike.
 */
import { join } from 'node:path';
import { ensureBundledPack } from '../db/content-import';
import { logPackEvent, startSession } from '../db/sessions';
import type { SessionEvent } from '../db/session-event';
import { openStore } from '../db/store';
import type { Row } from './lib/report';
import { median, percentile } from './lib/stats';
import { tempDir } from './lib/temp';

const RAW_INSERT = `INSERT INTO session_event (session_id, seq, at, type, question_id, answer_id, cause_id, step_id, value, flag, rank)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A realistic session's events, with the row each one becomes. */
const SCRIPT: { event: SessionEvent; row: (string | number | null)[] }[] = [
  { event: { type: 'answer', questionId: 'card_origin', answerId: 'mainland_card' }, row: ['answer', 'card_origin', 'mainland_card', null, null, null, null, null] },
  { event: { type: 'answer', questionId: 'what_happens', answerId: 'phone_or_sms' }, row: ['answer', 'what_happens', 'phone_or_sms', null, null, null, null, null] },
  { event: { type: 'answer', questionId: 'sms_problem', answerId: 'phone_mismatch_msg' }, row: ['answer', 'sms_problem', 'phone_mismatch_msg', null, null, null, null, null] },
  { event: { type: 'cause_shown', causeId: 'reserved_phone_mismatch', rank: 0 }, row: ['cause_shown', null, null, 'reserved_phone_mismatch', null, null, null, 0] },
  { event: { type: 'step_viewed', causeId: 'reserved_phone_mismatch', stepId: 'recall_number' }, row: ['step_viewed', null, null, 'reserved_phone_mismatch', 'recall_number', null, null, null] },
  { event: { type: 'step_done', causeId: 'reserved_phone_mismatch', stepId: 'recall_number', done: true }, row: ['step_done', null, null, 'reserved_phone_mismatch', 'recall_number', null, 1, null] },
  { event: { type: 'step_viewed', causeId: 'reserved_phone_mismatch', stepId: 'check_in_bank_app' }, row: ['step_viewed', null, null, 'reserved_phone_mismatch', 'check_in_bank_app', null, null, null] },
  { event: { type: 'locale_changed', locale: 'en' }, row: ['locale_changed', null, null, null, null, 'en', null, null] },
  { event: { type: 'accessibility_changed', feature: 'large_text', on: true }, row: ['accessibility_changed', null, null, null, null, 'large_text', 1, null] },
  { event: { type: 'cause_result', causeId: 'reserved_phone_mismatch', helped: false }, row: ['cause_result', null, null, 'reserved_phone_mismatch', null, null, 0, null] },
  { event: { type: 'handoff_chosen', causeId: 'reserved_phone_mismatch', kind: 'counter' }, row: ['handoff_chosen', null, null, 'reserved_phone_mismatch', null, 'counter', null, null] },
];

interface Samples {
  api: number[];
  raw: number[];
}

function run(synchronous: 'FULL' | 'NORMAL', n: number, warmup: number): Samples {
  const dir = tempDir(`writes-${synchronous.toLowerCase()}`);
  const db = openStore(join(dir, 'kiosk.db'));
  try {
    db.pragma(`synchronous = ${synchronous}`);
    ensureBundledPack(db);
    const pack = db.prepare('SELECT pack_id AS id, version FROM pack LIMIT 1').get() as { id: string; version: string };
    const raw = db.prepare(RAW_INSERT);
    const open = (t: Date) => startSession(db, { packId: pack.id, packVersion: pack.version, locale: 'zh-Hans', assisted: false, now: t });
    const samples: Samples = { api: [], raw: [] };
    let t = Date.parse('2026-03-02T01:00:00.000Z');
    let apiSession = 0;
    let rawSession = 0;
    for (let i = 0; i < warmup + n; i++) {
      const k = i % SCRIPT.length;
      if (k === 0) {
        // A new customer every SCRIPT.length events (session starts are not timed).
        apiSession = open(new Date(t));
        rawSession = open(new Date(t));
      }
      t += 3000;
      const at = new Date(t);
      const iso = at.toISOString();
      const { event, row } = SCRIPT[k]!;
      const timeApi = () => {
        const s = process.hrtime.bigint();
        logPackEvent(db, apiSession, event, at);
        return Number(process.hrtime.bigint() - s) / 1e6;
      };
      const timeRaw = () => {
        const s = process.hrtime.bigint();
        raw.run(rawSession, k + 1, iso, ...row);
        return Number(process.hrtime.bigint() - s) / 1e6;
      };
      let a: number;
      let r: number;
      if (i % 2 === 0) {
        a = timeApi();
        r = timeRaw();
      } else {
        r = timeRaw();
        a = timeApi();
      }
      if (i >= warmup) {
        samples.api.push(a);
        samples.raw.push(r);
      }
    }
    return samples;
  } finally {
    db.close();
  }
}

export function measureEventWrites(options: { n?: number } = {}): Row[] {
  // 20,000: the p99 of fsync-bound writes is the 200th slowest of each, not the 50th; with 5,000 the
  // p99 ratio of one build moved between 1.2x and 1.8x from run to run (2026-12-07).
  const n = options.n ?? 20_000;
  const full = run('FULL', n, 300);
  const normal = run('NORMAL', n, 300);
  const group = 'session event write';
  const note = `${n} events each, interleaved; file store, WAL, synchronous=FULL (production: one WAL fsync per event)`;
  const row = (measure: string, api: number, raw: number, target: string, pass: boolean | null, extra?: string): Row => ({
    group,
    measure,
    value: api,
    unit: 'ms',
    floor: raw,
    target,
    pass,
    note: extra ?? note,
  });
  const ratio = (a: number, b: number) => a / b;
  return [
    row('event write median (logPackEvent vs raw INSERT, sync=FULL)', median(full.api), median(full.raw), '≤ 1.5x', ratio(median(full.api), median(full.raw)) <= 1.5),
    row('event write p99 (logPackEvent vs raw INSERT, sync=FULL)', percentile(full.api, 99), percentile(full.raw, 99), '≤ 1.5x', ratio(percentile(full.api, 99), percentile(full.raw, 99)) <= 1.5),
    row(
      'event write median, sync=NORMAL (CPU cost without fsync)',
      median(normal.api),
      median(normal.raw),
      '—',
      null,
      'the same at synchronous=NORMAL: no fsync to hide the API\'s own work (validation, the pack id check, open-session check, next seq)',
    ),
  ];
}
