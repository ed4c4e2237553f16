/**
 * The settings page: the values as stored, the admin's edits (steppers and an
 * on-screen keypad: the kiosk has no keyboard), and saving only what changed.
 * The kiosk validates; its messages are shown as they come.
 */
import type { ApiArgs, KioskSettings } from '../../../../electron/api';
import type { KioskClient } from '../kiosk';
import type { AdminCall } from './admin-call';

export type NumberSetting = 'idleTimeoutSeconds' | 'statsK' | 'retentionDays' | 'nightlyRestartHour';

/** The nightlyRestartHour value that means no nightly restart (db/settings.ts NIGHTLY_RESTART_OFF). */
export const RESTART_OFF = -1;

/** Ranges as the contract allows them (electron/api.ts SettingsSchema); steps chosen for a finger. */
export const STEPPERS: Readonly<Record<NumberSetting, { min: number; max: number; step: number }>> = {
  idleTimeoutSeconds: { min: 30, max: 600, step: 15 },
  statsK: { min: 5, max: 1000, step: 1 },
  retentionDays: { min: 1, max: 3650, step: 30 },
  // Off, then each hour of the night and day: one tap per hour.
  nightlyRestartHour: { min: RESTART_OFF, max: 23, step: 1 },
};

export const PSEUDONYM_MAX = 32;
/** What the pseudonym keypad offers: exactly what the contract accepts. */
export const PSEUDONYM_KEYS: readonly string[] = [...'1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ-_'];

/** One step from `value`, onto the step grid (90 → 120, not 91 → 121), within the range. */
export function stepValue(value: number, direction: 1 | -1, range: { min: number; max: number; step: number }): number {
  const { min, max, step } = range;
  const next = direction === 1 ? Math.floor(value / step) * step + step : Math.ceil(value / step) * step - step;
  return Math.min(max, Math.max(min, next));
}

/** What the admin edits: the pseudonym as typed ('' until one is chosen; the kiosk stores null). */
export type SettingsDraft = Omit<KioskSettings, 'kioskPseudonym'> & { kioskPseudonym: string };
export type SettingsChanges = ApiArgs['updateSettings']['settings'];

function toDraft(settings: KioskSettings): SettingsDraft {
  return { ...settings, kioskPseudonym: settings.kioskPseudonym ?? '' };
}

export type SettingsStatus =
  | { kind: 'loading' }
  | { kind: 'load_failed'; message: string }
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  | { kind: 'save_failed'; message: string; details: readonly string[] };

export class SettingsForm {
  /** As the kiosk last said. */
  stored = $state.raw<SettingsDraft | null>(null);
  /** The admin's edits. */
  draft = $state.raw<SettingsDraft | null>(null);
  status = $state.raw<SettingsStatus>({ kind: 'loading' });
  /** Only the fields that differ from what is stored. */
  readonly changes: SettingsChanges;

  readonly #client: KioskClient;
  readonly #call: AdminCall;

  constructor(client: KioskClient, call: AdminCall) {
    this.#client = client;
    this.#call = call;
    this.changes = $derived.by(() => {
      const stored = this.stored;
      const draft = this.draft;
      if (!stored || !draft) return {};
      const out: SettingsChanges = {};
      if (draft.idleTimeoutSeconds !== stored.idleTimeoutSeconds) out.idleTimeoutSeconds = draft.idleTimeoutSeconds;
      if (draft.statsK !== stored.statsK) out.statsK = draft.statsK;
      if (draft.retentionDays !== stored.retentionDays) out.retentionDays = draft.retentionDays;
      if (draft.kioskPseudonym !== stored.kioskPseudonym) out.kioskPseudonym = draft.kioskPseudonym;
      if (draft.nightlyRestartHour !== stored.nightlyRestartHour) out.nightlyRestartHour = draft.nightlyRestartHour;
      return out;
    });
  }

  async load(): Promise<void> {
    this.status = { kind: 'loading' };
    const result = await this.#call((token) => this.#client.getSettings({ token }));
    if (!result.ok) {
      this.status = { kind: 'load_failed', message: result.error.message };
      return;
    }
    this.stored = toDraft(result.value);
    this.draft = toDraft(result.value);
    this.status = { kind: 'editing' };
  }

  step(field: NumberSetting, direction: 1 | -1): void {
    const draft = this.draft;
    if (!draft) return;
    this.draft = { ...draft, [field]: stepValue(draft[field], direction, STEPPERS[field]) };
    this.status = { kind: 'editing' };
  }

  type(key: string): void {
    const draft = this.draft;
    if (!draft || !PSEUDONYM_KEYS.includes(key) || draft.kioskPseudonym.length >= PSEUDONYM_MAX) return;
    this.draft = { ...draft, kioskPseudonym: draft.kioskPseudonym + key };
    this.status = { kind: 'editing' };
  }

  deleteChar(): void {
    const draft = this.draft;
    if (!draft) return;
    this.draft = { ...draft, kioskPseudonym: draft.kioskPseudonym.slice(0, -1) };
    this.status = { kind: 'editing' };
  }

  async save(): Promise<void> {
    if (this.status.kind === 'saving' || !this.draft) return;
    const settings = this.changes;
    if (Object.keys(settings).length === 0) {
      this.status = { kind: 'unchanged' };
      return;
    }
    this.status = { kind: 'saving' };
    const result = await this.#call((token) => this.#client.updateSettings({ token, settings }));
    if (!result.ok) {
      this.status = { kind: 'save_failed', message: result.error.message, details: result.error.details };
      return;
    }
    this.stored = toDraft(result.value);
    this.draft = toDraft(result.value);
    this.status = { kind: 'saved' };
  }
}
