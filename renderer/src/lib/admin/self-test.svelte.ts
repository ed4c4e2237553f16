/**
 * The installer self-test page: asks the kiosk which escape paths its shell
 * has closed and keeps the answer. The kiosk does the checking; the page only
 * shows what it said (and, on the browser harness, that this is no kiosk).
 */
import type { SelfTestReport } from '../../../../electron/api';
import type { KioskClient } from '../kiosk';
import type { AdminCall } from './admin-call';

export type SelfTestStatus = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'done'; report: SelfTestReport };

export class SelfTestState {
  status = $state.raw<SelfTestStatus>({ kind: 'loading' });
  /** Checks that passed, of all checks, once a report is in. */
  readonly closed: number;
  readonly total: number;

  readonly #client: KioskClient;
  readonly #call: AdminCall;

  constructor(client: KioskClient, call: AdminCall) {
    this.#client = client;
    this.#call = call;
    this.closed = $derived(this.status.kind === 'done' ? this.status.report.checks.filter((c) => c.ok).length : 0);
    this.total = $derived(this.status.kind === 'done' ? this.status.report.checks.length : 0);
  }

  /** Runs the checks (again). */
  async run(): Promise<void> {
    this.status = { kind: 'loading' };
    const result = await this.#call((token) => this.#client.getSelfTest({ token }));
    this.status = result.ok ? { kind: 'done', report: result.value } : { kind: 'failed', message: result.error.message };
  }
}
