/**
 * The customer's path through the kiosk, as ids only: which question, which
 * candidate causes and how far down the list, which steps are marked done,
 * which outcome. Content is looked up at render time in the current locale
 * (see resolve.ts), so switching language re-renders the same place.
 *
 * Navigation is a stack: every move pushes the screen it leaves, Back pops.
 *
 * Each move is also announced to subscribers as a `FlowMove` (what the
 * customer did, then which screen it showed), so the session log
 * (session-log.ts) follows the flow without the flow knowing about logging.
 */
import type { AnswerView, HandoffKind, Locale } from '../../../electron/api';
import type { KioskErrorCode } from './kiosk';

/** Where an outcome came from: a cause's own hand-off, or the pack's fallback once every cause is tried. */
export type OutcomeRef =
  | { kind: 'resolved'; causeId: string }
  | { kind: 'handoff'; handoff: HandoffKind; causeId: string; index: number }
  | { kind: 'handoff'; handoff: HandoffKind; causeId: null };

export type Screen =
  | { kind: 'attract' }
  | { kind: 'language' }
  | { kind: 'question'; questionId: string }
  /** `picked`: staff chose it from the index of all causes (it is not "the most likely" one). */
  | { kind: 'cause'; causeIds: readonly string[]; index: number; picked?: true }
  /** Staff mode: every cause of the pack, by category. */
  | { kind: 'cause_index' }
  | { kind: 'outcome'; outcome: OutcomeRef }
  | { kind: 'out_of_order'; code: KioskErrorCode | 'content_mismatch' };

/** What the flow needs from the locale manager: read and set the language. */
export interface LocaleSetter {
  readonly current: Locale;
  set(locale: Locale): void;
  reset(): void;
}

export interface FlowOptions {
  /** Clock in ms; tests pass a fake one. */
  now?: () => number;
  /**
   * A second tap of a double tap lands on the next screen, where the same
   * spot is often another button ("No" again would skip a cause unseen).
   * Navigation taps within this many ms of a screen change are ignored.
   */
  settleMs?: number;
}

/** What just happened in the flow, in the order it happened. */
export type FlowMove =
  /** The attract screen was tapped: a customer's first tap. */
  | { kind: 'begin'; locale: Locale }
  /** A language was picked on the language screen (`first`) or switched from the top bar. */
  | { kind: 'language'; locale: Locale; first: boolean }
  | { kind: 'answer'; questionId: string; answerId: string }
  | { kind: 'step'; causeId: string; stepId: string; done: boolean }
  /** "Did this solve it?" answered for the cause on screen. */
  | { kind: 'result'; causeId: string; helped: boolean }
  /** A hand-off chosen: a cause's own, or the pack's fallback (`causeId` null) after the last "No". */
  | { kind: 'handoff'; causeId: string | null; handoff: HandoffKind }
  /** A screen came into view (by any move, Back included). */
  | { kind: 'shown'; screen: Screen }
  /** Start over or Finish ("I'm done"), from the screen that was on show. */
  | { kind: 'start_over'; from: Screen }
  /** Nobody answered "Are you still there?" (issue 4): the same clean slate as Start over. */
  | { kind: 'timed_out'; from: Screen };

export type FlowListener = (move: FlowMove) => void;

const ATTRACT: Screen = { kind: 'attract' };

export class Flow {
  screen = $state<Screen>(ATTRACT);
  /** Screens left behind, most recent last. */
  history = $state.raw<readonly Screen[]>([]);
  /** Steps the customer marked done, per cause id. Kept across Back, cleared by start over. */
  doneSteps = $state.raw<Readonly<Record<string, readonly string[]>>>({});

  /** Back is offered on every screen but the attract and out-of-order ones. */
  canGoBack = $derived(this.history.length > 0 && this.screen.kind !== 'attract' && this.screen.kind !== 'out_of_order');

  readonly #locale: LocaleSetter;
  readonly #now: () => number;
  readonly #settleMs: number;
  #changedAt = Number.NEGATIVE_INFINITY;
  readonly #listeners = new Set<FlowListener>();

  constructor(locale: LocaleSetter, options: FlowOptions = {}) {
    this.#locale = locale;
    this.#now = options.now ?? (() => performance.now());
    this.#settleMs = options.settleMs ?? 350;
  }

  /**
   * Follows every move; returns the unsubscribe function. A listener that
   * throws is ignored: nothing a subscriber does may stop the customer.
   */
  subscribe(listener: FlowListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Attract screen tapped: ask for the language. */
  begin(): void {
    if (this.screen.kind !== 'attract' || !this.#settled()) return;
    this.#emit({ kind: 'begin', locale: this.#locale.current });
    this.#push({ kind: 'language' });
  }

  /** Language picked on the language screen: set it and ask the first question. */
  chooseLanguage(locale: Locale, startQuestion: string): void {
    if (this.screen.kind !== 'language' || !this.#settled()) return;
    this.#locale.set(locale);
    this.#emit({ kind: 'language', locale, first: true });
    this.#push({ kind: 'question', questionId: startQuestion });
  }

  /** Language changed from the top bar: same place, new words. */
  switchLanguage(locale: Locale): void {
    if (locale === this.#locale.current) return;
    this.#locale.set(locale);
    this.#emit({ kind: 'language', locale, first: false });
  }

  answer(answer: AnswerView): void {
    const screen = this.screen;
    if (screen.kind !== 'question' || !this.#settled()) return;
    const next = answer.next;
    if (!('question' in next) && next.causes.length === 0) return;
    this.#emit({ kind: 'answer', questionId: screen.questionId, answerId: answer.id });
    if ('question' in next) this.#push({ kind: 'question', questionId: next.question });
    else this.#push({ kind: 'cause', causeIds: [...next.causes], index: 0 });
  }

  /** Staff mode: the list of every cause, from a question screen. */
  openIndex(): void {
    if (this.screen.kind !== 'question' || !this.#settled()) return;
    this.#push({ kind: 'cause_index' });
  }

  /** Staff mode: one cause picked from the list, shown on its own. */
  openCause(causeId: string): void {
    if (this.screen.kind !== 'cause_index' || !this.#settled()) return;
    this.#push({ kind: 'cause', causeIds: [causeId], index: 0, picked: true });
  }

  toggleStep(causeId: string, stepId: string): void {
    const done = this.doneSteps[causeId] ?? [];
    const wasDone = done.includes(stepId);
    const next = wasDone ? done.filter((id) => id !== stepId) : [...done, stepId];
    this.doneSteps = { ...this.doneSteps, [causeId]: next };
    this.#emit({ kind: 'step', causeId, stepId, done: !wasDone });
  }

  isStepDone(causeId: string, stepId: string): boolean {
    return this.doneSteps[causeId]?.includes(stepId) ?? false;
  }

  /** "Yes, it works now". */
  solved(): void {
    const screen = this.screen;
    if (screen.kind !== 'cause' || !this.#settled()) return;
    const causeId = screen.causeIds[screen.index];
    if (causeId === undefined) return;
    this.#emit({ kind: 'result', causeId, helped: true });
    this.#push({ kind: 'outcome', outcome: { kind: 'resolved', causeId } });
  }

  /** "No, still not working": the next candidate cause, or the pack's fallback when none is left. */
  notSolved(fallback: HandoffKind): void {
    const screen = this.screen;
    if (screen.kind !== 'cause' || !this.#settled()) return;
    const causeId = screen.causeIds[screen.index];
    if (causeId !== undefined) this.#emit({ kind: 'result', causeId, helped: false });
    if (screen.index + 1 < screen.causeIds.length) {
      this.#push({ kind: 'cause', causeIds: screen.causeIds, index: screen.index + 1 });
    } else {
      this.#emit({ kind: 'handoff', causeId: null, handoff: fallback });
      this.#push({ kind: 'outcome', outcome: { kind: 'handoff', handoff: fallback, causeId: null } });
    }
  }

  /** One of the cause's hand-off buttons, by its position in the cause's list. */
  handoff(index: number, handoff: HandoffKind): void {
    const screen = this.screen;
    if (screen.kind !== 'cause' || !this.#settled()) return;
    const causeId = screen.causeIds[screen.index];
    if (causeId === undefined) return;
    this.#emit({ kind: 'handoff', causeId, handoff });
    this.#push({ kind: 'outcome', outcome: { kind: 'handoff', handoff, causeId, index } });
  }

  /** Whether Back would show the attract screen: the customer leaving, not a step back (KioskSession.back). */
  get backLeaves(): boolean {
    return this.canGoBack && this.history.at(-1)?.kind === 'attract';
  }

  back(): void {
    if (!this.canGoBack || !this.#settled()) return;
    const previous = this.history.at(-1);
    if (!previous) return;
    this.history = this.history.slice(0, -1);
    this.#show(previous);
  }

  /**
   * Staff mode has ended with the customer staying: the list of every cause is staff's, so it leaves the
   * screen (showing the screen before it, at once) and the history (Back no longer leads to it).
   */
  dropStaffScreens(): void {
    const onIndex = this.screen.kind === 'cause_index';
    const history = this.history.filter((s) => s.kind !== 'cause_index');
    if (!onIndex) {
      if (history.length !== this.history.length) this.history = history;
      return;
    }
    const previous = history.at(-1);
    if (!previous) return;
    this.history = history.slice(0, -1);
    this.#show(previous);
  }

  /** Start over or Finish: back to the attract screen with no trace of this customer. */
  startOver(): void {
    this.#emit({ kind: 'start_over', from: this.screen });
    this.#clear();
  }

  /** The idle countdown ran out: the customer has gone, and nothing of theirs may stay for the next person. */
  timeOut(): void {
    if (this.screen.kind === 'attract') return;
    this.#emit({ kind: 'timed_out', from: this.screen });
    this.#clear();
  }

  #clear(): void {
    this.history = [];
    this.doneSteps = {};
    this.#locale.reset();
    this.#show(ATTRACT);
  }

  /** A kiosk call failed or the content does not match the state: nothing to do here but ask staff. */
  fail(code: KioskErrorCode | 'content_mismatch'): void {
    this.history = [];
    this.#show({ kind: 'out_of_order', code });
  }

  #push(next: Screen): void {
    this.history = [...this.history, this.screen];
    this.#show(next);
  }

  #show(next: Screen): void {
    this.screen = next;
    this.#changedAt = this.#now();
    this.#emit({ kind: 'shown', screen: next });
  }

  #emit(move: FlowMove): void {
    for (const listener of this.#listeners) {
      try {
        listener(move);
      } catch {
        // A listener's bug must not stop the customer's flow.
      }
    }
  }

  #settled(): boolean {
    return this.#now() - this.#changedAt >= this.#settleMs;
  }
}
