/**
 * The child process of crash-kill.test.ts: logs sessions into a store file as
 * fast as the kiosk can and prints each write only after it returned, until
 * it is killed. What it printed is what the kiosk acknowledged, and must
 * survive a SIGKILL at any moment.
 *
 *   node --import tsx db/test/crash-writer.ts FILE SEED   (the test runs an esbuild bundle of it)
 *
 * Lines: `ready` once the store is open; `s ID` session started;
 * `e ID SEQ TYPE` event logged; `x ID OUTCOME` session ended.
 */
import { writeSync } from 'node:fs';
import { openStore } from '../store';
import { endSession, logEvent, startSession, OUTCOMES, type SessionEvent } from '../sessions';

const [file, seedText] = process.argv.slice(2);
if (!file || !seedText) {
  process.stderr.write('usage: crash-writer.ts FILE SEED\n');
  process.exit(2);
}

/** mulberry32: small, seeded, good enough to vary the writes. */
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

const EVENTS: SessionEvent[] = [
  { type: 'answer', questionId: 'start', answerId: 'message' },
  { type: 'answer', questionId: 'which_message', answerId: 'phone' },
  { type: 'cause_shown', causeId: 'reserved_phone', rank: 0 },
  { type: 'step_viewed', causeId: 'reserved_phone', stepId: 'go' },
  { type: 'step_done', causeId: 'reserved_phone', stepId: 'go', done: true },
  { type: 'cause_result', causeId: 'reserved_phone', helped: false },
  { type: 'handoff_chosen', causeId: 'reserved_phone', kind: 'counter' },
  { type: 'locale_changed', locale: 'zh-Hant' },
  { type: 'accessibility_changed', feature: 'large_text', on: true },
];

// A pipe write of one short line is atomic and, on Linux, synchronous: once
// writeSync returns, the parent will read the line even if we die right after.
const say = (line: string) => writeSync(1, `${line}\n`);

const rand = prng(Number(seedText));
const db = openStore(file);
say('ready');
// Never outlive a parent that died without killing us.
const deadline = Date.now() + 20_000;
while (Date.now() < deadline) {
  const id = startSession(db, { packId: 'fixture_pack', packVersion: '1.0.0', locale: 'zh-Hans', assisted: rand() < 0.2 });
  say(`s ${id}`);
  const events = 1 + Math.floor(rand() * 12);
  for (let seq = 1; seq <= events; seq++) {
    const event = EVENTS[Math.floor(rand() * EVENTS.length)]!;
    logEvent(db, id, event);
    say(`e ${id} ${seq} ${event.type}`);
  }
  if (rand() < 0.8) {
    const outcome = OUTCOMES[Math.floor(rand() * OUTCOMES.length)]!;
    endSession(db, id, outcome);
    say(`x ${id} ${outcome}`);
  }
}
process.exit(3);
