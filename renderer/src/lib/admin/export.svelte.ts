/** The export page: one button, then what happened. */
import type { ExportResultView } from '../../../../electron/api';
import type { KioskClient, KioskErrorCode } from '../kiosk';
import type { AdminCall } from './admin-call';

export type ExportStatus =
  | { kind: 'idle' }
  | { kind: 'busy' }
  /** The admin closed the folder picker without choosing. */
  | { kind: 'cancelled' }
  | { kind: 'done'; result: ExportResultView }
  | { kind: 'failed'; code: KioskErrorCode; message: string };

export class ExportState {
  status = $state.raw<ExportStatus>({ kind: 'idle' });
  readonly #client: KioskClient;
  readonly #call: AdminCall;

  constructor(client: KioskClient, call: AdminCall) {
    this.#client = client;
    this.#call = call;
  }

  async run(): Promise<void> {
    if (this.status.kind === 'busy') return;
    this.status = { kind: 'busy' };
    const result = await this.#call((token) => this.#client.exportStats({ token, from: null, to: null }));
    if (!result.ok) this.status = { kind: 'failed', code: result.error.code, message: result.error.message };
    else this.status = result.value === null ? { kind: 'cancelled' } : { kind: 'done', result: result.value };
  }
}
