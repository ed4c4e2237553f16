/** Numbers, shares and times for the staff and admin screens, in the staff's language. */
import type { Locale } from '../../../electron/api';

/** "14:35", or "3月5日 14:35" / "Mar 5, 14:35" when not today (a lockout can run past midnight). */
export function formatClock(iso: string, locale: Locale, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const sameDay = at.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}

/** 0.734 → "73%"; null (nothing to divide by) → null. */
export function formatShare(share: number | null, locale: Locale): string | null {
  if (share === null) return null;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** "2025-03-05" (a UTC day from the store) → "3月5日" / "Mar 5", for chart axes and tables. */
export function formatDay(day: string, locale: Locale): string {
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(at);
}
