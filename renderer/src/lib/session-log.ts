/**
 * The session log, as the customer flow sees it (issue 3): follows the flow's
 * moves (flow.svelte.ts) and turns them into `startSession` / `logEvent` /
 * `endSession` calls.
 *
 * Logging must never block or break the customer: every call is fire and
 * forget, failures are dropped, and nothing here can reject. Calls go out one
 * after another, in the order the customer did things (the harness answers
 * over HTTP, where parallel requests could overtake each other, and the store
 * refuses an event after its session has ended).
 */
import type { HandoffKind, Locale, Outcome, SessionEvent } from '../../../electron/api';
import type { FlowMove, Screen } from './flow.svelte';
import type { KioskClient } from './kiosk';

export interface SessionLogOptions {
  /** The staff or admin token when a member of staff is guiding the customer, or null. Read at each first tap. */
  assistedBy: () => string | null;
  /** The step ids of a cause, in order (the same in every locale); empty when unknown. */
  stepsOf: (causeId: string) => readonly string[];
  /** An assisted session was refused because the staff token is no longer valid (expired or locked). */
  onStaffExpired?: () => void;
}

const HANDOFF_OUTCOME: Readonly<Record<HandoffKind, Outcome>> = {
  counter: 'escalated_counter',
  issuer: 'escalated_issuer',
  hotline: 'escalated_hotline',
  retry_later: 'retry_later',
};

/** How a session ends when the customer leaves `screen` by Finish or Start over. */
export function outcomeOf(screen: Screen): Outcome {
  if (screen.kind !== 'outcome') return 'abandoned';
  return screen.outcome.kind === 'resolved' ? 'resolved' : HANDOFF_OUTCOME[screen.outcome.handoff];
}

export class SessionLog {
  readonly #client: KioskClient;
  readonly #options: SessionLogOptions;
  /** The open session's id once `startSession` answers (null: it could not be started); null when none is open. */
  #session: Promise<number | null> | null = null;
  /** The session's language as last logged, so picking the language already in use logs nothing. */
  #locale: Locale | null = null;
  /** Every call waits for the one before it. */
  #queue: Promise<void> = Promise.resolve();

  constructor(client: KioskClient, options: SessionLogOptions) {
    this.#client = client;
    this.#options = options;
  }

  /** Whether a session is open (started and not yet ended). */
  get open(): boolean {
    return this.#session !== null;
  }

  /** Resolves once every call made so far has been answered (tests, and a clean shutdown). */
  settled(): Promise<void> {
    return this.#queue;
  }

  /** The flow listener: `flow.subscribe(log.follow)`. */
  readonly follow = (move: FlowMove): void => {
    switch (move.kind) {
      case 'begin':
        this.start(move.locale);
        return;
      case 'language':
        if (move.locale !== this.#locale) {
          this.#locale = move.locale;
          this.log({ type: 'locale_changed', locale: move.locale });
        }
        return;
      case 'answer':
        this.log({ type: 'answer', questionId: move.questionId, answerId: move.answerId });
        return;
      case 'step':
        this.log({ type: 'step_done', causeId: move.causeId, stepId: move.stepId, done: move.done });
        return;
      case 'result':
        this.log({ type: 'cause_result', causeId: move.causeId, helped: move.helped });
        return;
      case 'handoff':
        this.log({ type: 'handoff_chosen', causeId: move.causeId, kind: move.handoff });
        return;
      case 'shown':
        this.#shown(move.screen);
        return;
      case 'start_over':
        this.end(outcomeOf(move.from));
        return;
      case 'timed_out':
        this.end('timeout');
        return;
    }
  };

  /** Opens a session (ending one left open as abandoned first). */
  start(locale: Locale): void {
    if (this.#session) this.end('abandoned');
    const assistedBy = this.#options.assistedBy();
    this.#locale = locale;
    const session = this.#enqueue(async () => {
      const first = await this.#client.startSession({ locale, assistedBy });
      // Staff walked away and their token expired (the kiosk logs the session as self-service,
      // or refuses the token): this is a self-service customer now, and staff mode ends.
      const staffGone = assistedBy !== null && (first.ok ? !first.value.assisted : first.error.code === 'unauthorized');
      if (staffGone) this.#safely(() => this.#options.onStaffExpired?.());
      if (first.ok) return first.value.sessionId;
      if (!staffGone) return null;
      const second = await this.#client.startSession({ locale, assistedBy: null });
      return second.ok ? second.value.sessionId : null;
    });
    this.#session = session.then((id) => id ?? null);
  }

  /** Logs one event in the open session; without one, nothing happens. */
  log(event: SessionEvent): void {
    const session = this.#session;
    if (!session) return;
    void this.#enqueue(async () => {
      const sessionId = await session;
      if (sessionId !== null) await this.#client.logEvent({ sessionId, event });
    });
  }

  /** Ends the open session with `outcome`; a second call, or a call without a session, does nothing. */
  end(outcome: Outcome): void {
    const session = this.#session;
    if (!session) return;
    this.#session = null;
    this.#locale = null;
    void this.#enqueue(async () => {
      const sessionId = await session;
      if (sessionId !== null) await this.#client.endSession({ sessionId, outcome });
    });
  }

  #shown(screen: Screen): void {
    if (screen.kind !== 'cause') return;
    const causeId = screen.causeIds[screen.index];
    if (causeId === undefined) return;
    this.log({ type: 'cause_shown', causeId, rank: screen.index });
    for (const stepId of this.#options.stepsOf(causeId)) this.log({ type: 'step_viewed', causeId, stepId });
  }

  /** Runs `task` after every call queued before it; resolves to its value, or undefined if it failed. */
  #enqueue<T>(task: () => Promise<T>): Promise<T | undefined> {
    const run = this.#queue.then(task).catch(() => undefined);
    this.#queue = run.then(() => undefined);
    return run;
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch {
      // The log's callers never see its errors.
    }
  }
}
