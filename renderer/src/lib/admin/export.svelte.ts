/** The export page: the admin taps a USB drive, then sees what was written to it. */
import type { ApiErrorReason, ExportResultView } from '../../../../electron/api';
import type { KioskClient, KioskErrorCode } from '../kiosk';
import type { AdminCall } from './admin-call';

export type ExportStatus =
  | { kind: 'idle' }
  /** Writing to the drive with this label. */
  | { kind: 'busy'; drive: string }
  | { kind: 'done'; result: ExportResultView }
  | { kind: 'failed'; code: KioskErrorCode; message: string; reason?: ApiErrorReason };

export class ExportState {
  status = $state.raw<ExportStatus>({ kind: 'idle' });
  readonly #client: KioskClient;
  readonly #call: AdminCall;

  constructor(client: KioskClient, call: AdminCall) {
    this.#client = client;
    this.#call = call;
  }

  /** Exports the default period to `drive` (a UsbDriveView's path); `label` is what the page shows meanwhile. */
  async run(drive: string, label: string): Promise<void> {
    if (this.status.kind === 'busy') return;
    this.status = { kind: 'busy', drive: label };
    const result = await this.#call((token) => this.#client.exportStats({ token, drive, from: null, to: null }));
    if (result.ok) {
      this.status = { kind: 'done', result: result.value };
      return;
    }
    const { code, message, reason } = result.error;
    this.status = { kind: 'failed', code, message, ...(reason === undefined ? {} : { reason }) };
  }
}
