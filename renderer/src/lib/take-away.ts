/**
 * "Take these steps with you" (issue 5): the text a QR code carries from the
 * screen to the customer's phone. Plain text, never a URL: the phone shows it
 * without going anywhere, and the kiosk sends nothing.
 *
 * Only titles (the cause's, each step's, where to go and what to bring), in
 * the current language: short enough that the code stays coarse and scans
 * from arm's length. The bodies stay on the screen.
 */
import type { ContentView, Document, HandoffView } from '../../../electron/api';
import { HANDOFF_LOOK } from '../components/handoff-look';
import type { MessageKey } from '../i18n/en';
import type { MessageParams } from '../i18n/locale.svelte';
import type { Screen } from './flow.svelte';

/** Bytes of UTF-8 a code may hold: 15-M (77x77 modules) at most, about 6 px a module at the size shown. */
export const TAKE_AWAY_MAX_BYTES = 400;

export const BRING_LABEL: Readonly<Record<Document, MessageKey>> = {
  id_card: 'bring_id_card',
  bank_card: 'bring_bank_card',
  phone: 'bring_phone',
  passport: 'bring_passport',
};

export type Translate = (key: MessageKey, params?: MessageParams) => string;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function causeLines(view: ContentView, causeId: string): string[] {
  const cause = view.causes[causeId];
  if (!cause) return [];
  return [cause.title, ...cause.steps.map((step, i) => `${i + 1}. ${step.title}`)];
}

function handoffLines(handoff: HandoffView, t: Translate): string[] {
  const lines = [t(HANDOFF_LOOK[handoff.kind].title)];
  if (handoff.kind === 'counter' && handoff.bring.length > 0) {
    lines.push(t('take_away_bring', { items: handoff.bring.map((d) => t(BRING_LABEL[d])).join(t('list_separator')) }));
  }
  if (handoff.kind === 'hotline') lines.push(t('outcome_hotline_path'));
  return lines;
}

/**
 * The lines for the screen on show, or null when it has nothing to take away.
 * Cause screens: the cause and its steps. Outcome screens: the same, then
 * where to go and what to bring.
 */
export function takeAwayLines(screen: Screen, view: ContentView, t: Translate): string[] | null {
  if (screen.kind === 'cause') {
    const causeId = screen.causeIds[screen.index];
    const lines = causeId === undefined ? [] : causeLines(view, causeId);
    return lines.length > 0 ? lines : null;
  }
  if (screen.kind !== 'outcome') return null;
  const outcome = screen.outcome;
  if (outcome.kind === 'resolved') {
    const lines = causeLines(view, outcome.causeId);
    return lines.length > 0 ? lines : null;
  }
  if (outcome.causeId === null) {
    // Every cause tried: the pack's fallback says where to go.
    return [view.fallback.title, ...handoffLines(view.fallback.handoff, t).slice(1)];
  }
  const handoff = view.causes[outcome.causeId]?.handoffs[outcome.index];
  if (!handoff) return null;
  return [...causeLines(view, outcome.causeId), '', ...handoffLines(handoff, t)];
}

/** A numbered step line, as `causeLines` writes it. */
const STEP_LINE = /^\d+\. /;

/**
 * The lines joined for the code, within `maxBytes`: if they do not fit, step
 * lines go from the end (an ellipsis marks the cut), never the title or where
 * to go; only a pack with absurdly long titles gets cut mid-text.
 */
export function takeAwayText(lines: readonly string[], maxBytes = TAKE_AWAY_MAX_BYTES): string {
  const whole = lines.join('\n');
  if (utf8Length(whole) <= maxBytes) return whole;
  const steps = lines.flatMap((line, i) => (STEP_LINE.test(line) ? [i] : []));
  for (let drop = 1; drop <= steps.length; drop++) {
    const dropped = new Set(steps.slice(steps.length - drop));
    const firstDropped = steps[steps.length - drop];
    const kept = lines.flatMap((line, i) => (i === firstDropped ? ['…'] : dropped.has(i) ? [] : [line]));
    const text = kept.join('\n');
    if (utf8Length(text) <= maxBytes) return text;
  }
  const chars = Array.from(whole);
  while (chars.length > 0 && utf8Length(`${chars.join('')}…`) > maxBytes) chars.pop();
  return `${chars.join('')}…`;
}
