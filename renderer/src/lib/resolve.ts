/**
 * Looks the flow's ids up in one locale's content. Pure, so the same place
 * renders in any language, and a pack that no longer has an id is caught
 * (it becomes the out-of-order screen instead of a blank one).
 */
import type { CauseView, ContentView, HandoffView, QuestionView } from '../../../electron/api';
import type { OutcomeRef, Screen } from './flow.svelte';

export type ResolvedOutcome =
  | { kind: 'resolved'; cause: CauseView }
  /** `lead` is the fallback's title when every cause was tried; null for a cause's own hand-off. */
  | { kind: 'handoff'; handoff: HandoffView; lead: string | null };

export type Resolved =
  | { kind: 'attract' }
  | { kind: 'language' }
  | { kind: 'question'; question: QuestionView }
  /** `picked`: chosen by staff from the index, so not ranked. */
  | { kind: 'cause'; cause: CauseView; position: number; total: number; picked: boolean }
  /** Staff mode: every cause of the pack, in the pack's order. */
  | { kind: 'cause_index'; causes: readonly CauseView[] }
  | { kind: 'outcome'; outcome: ResolvedOutcome }
  | { kind: 'out_of_order'; code: string }
  /** The screen needs content that is not loaded (yet). */
  | { kind: 'loading' }
  /** The screen names an id the content does not have. */
  | { kind: 'missing'; what: string };

function resolveOutcome(ref: OutcomeRef, view: ContentView): ResolvedOutcome | string {
  if (ref.kind === 'resolved') {
    const cause = view.causes[ref.causeId];
    return cause ? { kind: 'resolved', cause } : `cause ${ref.causeId}`;
  }
  if (ref.causeId === null) return { kind: 'handoff', handoff: view.fallback.handoff, lead: view.fallback.title };
  const handoff = view.causes[ref.causeId]?.handoffs[ref.index];
  return handoff && handoff.kind === ref.handoff ? { kind: 'handoff', handoff, lead: null } : `hand-off ${ref.index} of cause ${ref.causeId}`;
}

export function resolveScreen(screen: Screen, view: ContentView | undefined): Resolved {
  switch (screen.kind) {
    case 'attract':
    case 'language':
      return { kind: screen.kind };
    case 'out_of_order':
      return { kind: 'out_of_order', code: screen.code };
    default:
      break;
  }
  if (!view) return { kind: 'loading' };
  switch (screen.kind) {
    case 'question': {
      const question = view.questions[screen.questionId];
      return question ? { kind: 'question', question } : { kind: 'missing', what: `question ${screen.questionId}` };
    }
    case 'cause': {
      const id = screen.causeIds[screen.index];
      const cause = id === undefined ? undefined : view.causes[id];
      return cause
        ? { kind: 'cause', cause, position: screen.index + 1, total: screen.causeIds.length, picked: screen.picked === true }
        : { kind: 'missing', what: `cause ${id ?? `#${screen.index}`}` };
    }
    case 'cause_index':
      return { kind: 'cause_index', causes: Object.values(view.causes) };
    case 'outcome': {
      const outcome = resolveOutcome(screen.outcome, view);
      return typeof outcome === 'string' ? { kind: 'missing', what: outcome } : { kind: 'outcome', outcome };
    }
  }
}
