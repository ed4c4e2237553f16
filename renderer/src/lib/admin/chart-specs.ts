/**
 * The dashboard's charts as plain data (labels, series, colours by token
 * name), built from the kiosk's DashboardView. Pure, so it is tested without
 * a canvas; lib/admin/charts.ts draws them with chart.js.
 */
import type { DashboardView, Locale } from '../../../../electron/api';
import { formatDay } from '../format';

/** Series colours, as design-token names (tokens.css `--color-chart-*`). */
export type ChartColor = 'chart-1' | 'chart-2' | 'chart-3' | 'chart-4';

export interface BarSeries {
  label: string;
  data: readonly number[];
  color: ChartColor;
}

export interface BarChartSpec {
  /** One label per bar group; an array is drawn as several lines. */
  labels: readonly (string | readonly string[])[];
  series: readonly BarSeries[];
  /** Bars grow sideways, labels on the left (long titles). */
  horizontal: boolean;
  /** Series stack into one bar. */
  stacked: boolean;
}

/** Display width: CJK characters count double. */
function units(ch: string): number {
  return /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
}

/** Breaks a title into lines of at most `max` units (at spaces where there are any, anywhere in CJK). */
export function wrapLabel(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  const tokens = text.match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/g) ?? [];
  for (const token of tokens) {
    if (/^\s+$/.test(token)) {
      if (line !== '') {
        line += ' ';
        width += 1;
      }
      continue;
    }
    const w = [...token].reduce((sum, ch) => sum + units(ch), 0);
    if (width + w > max && line.trim() !== '') {
      lines.push(line.trim());
      line = '';
      width = 0;
    }
    line += token;
    width += w;
  }
  if (line.trim() !== '') lines.push(line.trim());
  return lines.length > 0 ? lines : [text];
}

export interface DashboardText {
  resolved: string;
  notResolved: string;
  sessions: string;
  viewed: string;
  done: string;
  helped: string;
}

/** Sessions per day: solved at the bottom, the rest stacked on top, so the bar's height is every session. */
export function sessionsPerDay(view: DashboardView, text: DashboardText, locale: Locale): BarChartSpec {
  return {
    labels: view.days.map((d) => formatDay(d.day, locale)),
    series: [
      { label: text.resolved, data: view.days.map((d) => d.resolved), color: 'chart-3' },
      { label: text.notResolved, data: view.days.map((d) => d.sessions - d.resolved), color: 'chart-2' },
    ],
    horizontal: false,
    stacked: true,
  };
}

export function topCauses(view: DashboardView, text: DashboardText): BarChartSpec {
  return {
    labels: view.topCauses.map((c) => wrapLabel(c.title, 30)),
    series: [
      { label: text.sessions, data: view.topCauses.map((c) => c.sessions), color: 'chart-1' },
      { label: text.resolved, data: view.topCauses.map((c) => c.resolved), color: 'chart-3' },
    ],
    horizontal: true,
    stacked: false,
  };
}

export function stepFunnel(cause: DashboardView['stepDropOff'][number], text: DashboardText): BarChartSpec {
  return {
    // Titles only, no numbers: the steps come in the kiosk's order, which need not be the pack's.
    labels: cause.steps.map((s) => wrapLabel(s.title, 30)),
    series: [
      { label: text.viewed, data: cause.steps.map((s) => s.viewed), color: 'chart-1' },
      { label: text.done, data: cause.steps.map((s) => s.done), color: 'chart-4' },
      { label: text.helped, data: cause.steps.map((s) => s.helped), color: 'chart-3' },
    ],
    horizontal: true,
    stacked: false,
  };
}
