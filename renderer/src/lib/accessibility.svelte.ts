/**
 * The customer's accessibility settings (issue 5): larger text, high
 * contrast, read-aloud. Per session: all off for each new customer, reset at
 * hand-over with the rest of the session.
 *
 * Large text and high contrast are root classes on <html>; tokens.css turns
 * them into font-size and colour tokens, so no component needs to know.
 */
import type { SessionEvent } from '../../../electron/api';

export type AccessFeature = Extract<SessionEvent, { type: 'accessibility_changed' }>['feature'];

export const ACCESS_FEATURES: readonly AccessFeature[] = ['large_text', 'high_contrast', 'read_aloud'];

/** The class each visual feature puts on the root element (see tokens.css). */
export const ROOT_CLASS: Readonly<Partial<Record<AccessFeature, string>>> = {
  large_text: 'large-text',
  high_contrast: 'high-contrast',
};

/** What the settings need of the root element: its class list. */
export interface ClassRoot {
  readonly classList: { toggle(token: string, force?: boolean): boolean };
}

export interface AccessSettingsOptions {
  /** The element that carries the classes; defaults to <html> when there is a document. */
  root?: ClassRoot | null;
  /** A customer turned a feature on or off (not called by `reset`). */
  onChange?: (feature: AccessFeature, on: boolean) => void;
}

const ALL_OFF: Readonly<Record<AccessFeature, boolean>> = { large_text: false, high_contrast: false, read_aloud: false };

export class AccessSettings {
  on = $state.raw<Readonly<Record<AccessFeature, boolean>>>(ALL_OFF);
  /** Any feature on: the idle wait is doubled. */
  readonly anyOn: boolean = $derived(ACCESS_FEATURES.some((f) => this.on[f]));

  readonly #root: ClassRoot | null;
  readonly #onChange: (feature: AccessFeature, on: boolean) => void;

  constructor(options: AccessSettingsOptions = {}) {
    this.#root = options.root !== undefined ? options.root : typeof document === 'undefined' ? null : document.documentElement;
    this.#onChange = options.onChange ?? (() => {});
    this.#apply();
  }

  set(feature: AccessFeature, on: boolean): void {
    if (this.on[feature] === on) return;
    this.on = { ...this.on, [feature]: on };
    this.#apply();
    this.#onChange(feature, on);
  }

  toggle(feature: AccessFeature): void {
    this.set(feature, !this.on[feature]);
  }

  /** Hand-over: everything off, silently (the session it belonged to has ended). */
  reset(): void {
    this.on = ALL_OFF;
    this.#apply();
  }

  #apply(): void {
    if (!this.#root) return;
    for (const feature of ACCESS_FEATURES) {
      const name = ROOT_CLASS[feature];
      if (name) this.#root.classList.toggle(name, this.on[feature]);
    }
  }
}
