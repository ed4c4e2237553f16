/**
 * What the admin dashboard shows a branch manager at a glance, computed from
 * the same aggregates the statistics export uses (stats.ts). Shown only on the
 * kiosk to an unlocked admin, so counts are not suppressed here.
 */
import type Database from 'better-sqlite3';
import type { Locale } from './content-schema';
import { aggregatePeriod } from './stats';
import { readContentView, NoActivePackError } from './content-read';
import { addDays, type Period } from './days';
import type { Outcome } from './session-event';

export interface DashboardView {
  period: Period;
  /** Every day of the period, oldest first, zero-filled. */
  days: { day: string; sessions: number; resolved: number }[];
  totals: Record<Outcome, number> & { sessions: number; assisted: number };
  /** resolved / sessions, or null with no sessions. */
  resolutionRate: number | null;
  /** Sessions sent to the bank counter / sessions, or null with no sessions. */
  counterShare: number | null;
  /** By the last cause each session saw, most frequent first (at most 8). */
  topCauses: { causeId: string; title: string; sessions: number; resolved: number }[];
  /** Where people give up: step funnel of the three most frequent causes. */
  stepDropOff: {
    causeId: string;
    title: string;
    steps: { stepId: string; title: string; viewed: number; done: number; helped: number }[];
  }[];
}

const ZERO_OUTCOMES: Record<Outcome, number> = {
  resolved: 0,
  escalated_counter: 0,
  escalated_issuer: 0,
  escalated_hotline: 0,
  retry_later: 0,
  abandoned: 0,
  timeout: 0,
};

/** The last `days` UTC days, today included. */
export function recentPeriod(days: number, today: Date = new Date()): Period {
  const to = today.toISOString().slice(0, 10);
  return { from: addDays(to, -(days - 1)), to };
}

export function readDashboard(db: Database.Database, locale: Locale, period: Period): DashboardView {
  const stats = aggregatePeriod(db, period);
  let causeTitle = (id: string) => id;
  let stepTitle = (_cause: string, step: string) => step;
  // Steps in the order the customer sees them; unknown ones (an older pack) last.
  let stepOrder = (_cause: string, _step: string) => Number.MAX_SAFE_INTEGER;
  let packSteps = (_cause: string): string[] => [];
  try {
    const content = readContentView(db, locale);
    causeTitle = (id) => content.causes[id]?.title ?? id;
    stepTitle = (cause, step) => content.causes[cause]?.steps.find((s) => s.id === step)?.title ?? step;
    packSteps = (cause) => content.causes[cause]?.steps.map((s) => s.id) ?? [];
    stepOrder = (cause, step) => {
      const at = content.causes[cause]?.steps.findIndex((s) => s.id === step) ?? -1;
      return at === -1 ? Number.MAX_SAFE_INTEGER : at;
    };
  } catch (err) {
    if (!(err instanceof NoActivePackError)) throw err;
  }

  const perDay = new Map<string, { sessions: number; resolved: number }>();
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) perDay.set(day, { sessions: 0, resolved: 0 });
  const totals = { ...ZERO_OUTCOMES, sessions: 0, assisted: 0 };
  const byCause = new Map<string, { sessions: number; resolved: number }>();
  for (const row of stats.outcomes) {
    const day = perDay.get(row.day);
    if (day) {
      day.sessions += row.sessions;
      if (row.outcome === 'resolved') day.resolved += row.sessions;
    }
    totals.sessions += row.sessions;
    totals[row.outcome] += row.sessions;
    if (row.assisted === 1) totals.assisted += row.sessions;
    if (row.cause !== '') {
      const c = byCause.get(row.cause) ?? { sessions: 0, resolved: 0 };
      c.sessions += row.sessions;
      if (row.outcome === 'resolved') c.resolved += row.sessions;
      byCause.set(row.cause, c);
    }
  }

  const topCauses = [...byCause.entries()]
    .sort((a, b) => b[1].sessions - a[1].sessions || a[0].localeCompare(b[0]))
    .slice(0, 8)
    .map(([causeId, c]) => ({ causeId, title: causeTitle(causeId), ...c }));

  // Every step of the cause, in the order the customer sees them, zero where nobody got that far:
  // a step nobody reaches is exactly what a drop-off chart is for.
  const stepDropOff = topCauses.slice(0, 3).map(({ causeId, title }) => {
    const counted = new Map(stats.steps.filter((s) => s.cause === causeId).map((s) => [s.step, s] as const));
    const ids = [...new Set([...packSteps(causeId), ...counted.keys()])].sort((a, b) => stepOrder(causeId, a) - stepOrder(causeId, b));
    return {
      causeId,
      title,
      steps: ids.map((stepId) => {
        const c = counted.get(stepId);
        return { stepId, title: stepTitle(causeId, stepId), viewed: c?.viewed ?? 0, done: c?.done ?? 0, helped: c?.helped ?? 0 };
      }),
    };
  });

  return {
    period,
    days: [...perDay.entries()].map(([day, d]) => ({ day, ...d })),
    totals,
    resolutionRate: totals.sessions === 0 ? null : totals.resolved / totals.sessions,
    counterShare: totals.sessions === 0 ? null : totals.escalated_counter / totals.sessions,
    topCauses,
    stepDropOff,
  };
}
