/** The dashboard page: which period is shown, and what the kiosk answered for it. */
import type { DashboardView, Locale } from '../../../../electron/api';
import type { KioskClient } from '../kiosk';
import type { AdminCall } from './admin-call';

export const DASHBOARD_RANGES = [7, 30, 90] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

export type DashboardStatus = { kind: 'loading' } | { kind: 'ready'; view: DashboardView } | { kind: 'failed'; message: string };

export class DashboardState {
  days = $state<DashboardRange>(7);
  status = $state.raw<DashboardStatus>({ kind: 'loading' });
  readonly #client: KioskClient;
  readonly #call: AdminCall;
  /** Answers to an older request (a quick 7 → 30 → 90) are dropped. */
  #latest = 0;

  constructor(client: KioskClient, call: AdminCall) {
    this.#client = client;
    this.#call = call;
  }

  /** Loads `days` (default: the current range) with cause and step titles in `locale`. */
  async load(locale: Locale, days: DashboardRange = this.days): Promise<void> {
    const request = ++this.#latest;
    this.days = days;
    if (this.status.kind !== 'ready') this.status = { kind: 'loading' };
    const result = await this.#call((token) => this.#client.getDashboard({ token, locale, days }));
    if (request !== this.#latest) return;
    this.status = result.ok ? { kind: 'ready', view: result.value } : { kind: 'failed', message: result.error.message };
  }
}
