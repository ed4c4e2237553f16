/**
 * The content-packs page: which pack serves and which came before it, an
 * import from the USB stick (every problem the kiosk found, listed), and a
 * rollback that asks first. The kiosk checks signatures and validates; the
 * page only shows what it said.
 */
import type { ImportRejection, PackHistory, PackProblem } from '../../../../electron/api';
import type { KioskClient, KioskErrorCode } from '../kiosk';
import type { AdminCall } from './admin-call';

export type ImportStatus =
  | { kind: 'idle' }
  /** Checking this file. */
  | { kind: 'busy'; file: string }
  | { kind: 'imported'; packId: string; version: string }
  | { kind: 'rejected'; reason: ImportRejection; problems: readonly PackProblem[] }
  /** `drive_gone`: unplugged since the list was read. */
  | { kind: 'failed'; code: KioskErrorCode; message: string };

export type RollbackStatus =
  | { kind: 'idle' }
  /** "Roll back to version X?" is on screen. */
  | { kind: 'confirming' }
  | { kind: 'busy' }
  | { kind: 'done'; version: string }
  | { kind: 'failed'; message: string };

export class PacksState {
  history = $state.raw<PackHistory | null>(null);
  loadError = $state.raw<string | null>(null);
  importStatus = $state.raw<ImportStatus>({ kind: 'idle' });
  rollbackStatus = $state.raw<RollbackStatus>({ kind: 'idle' });

  readonly #client: KioskClient;
  readonly #call: AdminCall;

  constructor(client: KioskClient, call: AdminCall) {
    this.#client = client;
    this.#call = call;
  }

  get busy(): boolean {
    return this.importStatus.kind === 'busy' || this.rollbackStatus.kind === 'busy';
  }

  async load(): Promise<void> {
    const result = await this.#call((token) => this.#client.listPacks({ token }));
    if (result.ok) {
      this.history = result.value;
      this.loadError = null;
    } else this.loadError = result.error.message;
  }

  /** Imports `file` from the top level of `drive` (as listUsbDrives listed them). */
  async importFromUsb(drive: string, file: string): Promise<void> {
    if (this.busy) return;
    this.rollbackStatus = { kind: 'idle' };
    this.importStatus = { kind: 'busy', file };
    const result = await this.#call((token) => this.#client.importPackFromUsb({ token, drive, file }));
    if (!result.ok) this.importStatus = { kind: 'failed', code: result.error.code, message: result.error.message };
    else if (result.value.status === 'imported') this.importStatus = { kind: 'imported', packId: result.value.packId, version: result.value.version };
    else this.importStatus = { kind: 'rejected', reason: result.value.reason, problems: result.value.problems };
    if (result.ok && result.value.status === 'imported') await this.load();
  }

  askRollback(): void {
    if (this.busy || !this.history?.previous) return;
    this.importStatus = { kind: 'idle' };
    this.rollbackStatus = { kind: 'confirming' };
  }

  cancelRollback(): void {
    if (this.rollbackStatus.kind === 'confirming') this.rollbackStatus = { kind: 'idle' };
  }

  async confirmRollback(): Promise<void> {
    if (this.rollbackStatus.kind !== 'confirming') return;
    this.rollbackStatus = { kind: 'busy' };
    const result = await this.#call((token) => this.#client.rollbackPack({ token }));
    if (!result.ok) {
      this.rollbackStatus = { kind: 'failed', message: result.error.message };
      await this.load();
      return;
    }
    this.history = result.value;
    this.rollbackStatus = { kind: 'done', version: result.value.active?.version ?? '' };
  }
}
