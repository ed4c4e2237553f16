/**
 * The USB drives plugged into the kiosk, as the admin pages list them
 * (exports, content packs). Listed when a page opens and again on "Look
 * again": never on a timer, since every admin call keeps the admin unlocked.
 */
import type { UsbDriveView } from '../../../../electron/api';
import type { KioskClient } from '../kiosk';
import type { AdminCall } from './admin-call';

export type DrivesStatus =
  | { kind: 'loading' }
  | { kind: 'ready'; drives: readonly UsbDriveView[] }
  | { kind: 'failed'; message: string };

export class UsbDrivesState {
  status = $state.raw<DrivesStatus>({ kind: 'loading' });
  readonly #client: KioskClient;
  readonly #call: AdminCall;

  constructor(client: KioskClient, call: AdminCall) {
    this.#client = client;
    this.#call = call;
  }

  /** The drives, or none while loading or after a failure. */
  get drives(): readonly UsbDriveView[] {
    return this.status.kind === 'ready' ? this.status.drives : [];
  }

  async refresh(): Promise<void> {
    this.status = { kind: 'loading' };
    const result = await this.#call((token) => this.#client.listUsbDrives({ token }));
    this.status = result.ok ? { kind: 'ready', drives: result.value } : { kind: 'failed', message: result.error.message };
  }
}

/** 12345678901 → "12.3 GB": free space on a drive, for the admin (SI units, as drives are sold). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
