/**
 * Ties the flow, the locale and the content together for the UI: anything
 * that must load content before the screen may change goes through here, so
 * a failed call always ends on the out-of-order screen and the language only
 * changes once its content is there (no half-translated screen). The session
 * log follows the flow from here too.
 */
import type { Locale } from '../../../electron/api';
import { LocaleManager } from '../i18n/locale.svelte';
import { ContentStore } from './content.svelte';
import { Flow, type FlowOptions } from './flow.svelte';
import type { KioskClient, KioskErrorCode } from './kiosk';
import { resolveScreen, type Resolved } from './resolve';
import { SessionLog } from './session-log';

export interface KioskSessionOptions extends FlowOptions {
  /** The staff or admin token guiding the customer, or null for self-service. Read at each first tap. */
  assistedBy?: () => string | null;
  /** An assisted session was refused: the staff token has expired. */
  onStaffExpired?: () => void;
}

export class KioskSession {
  readonly locale: LocaleManager;
  readonly content: ContentStore;
  readonly flow: Flow;
  readonly log: SessionLog;

  /** The current screen with its content in the current locale. */
  readonly resolved: Resolved;

  constructor(client: KioskClient, locale: LocaleManager, options: KioskSessionOptions = {}) {
    const { assistedBy = () => null, onStaffExpired, ...flowOptions } = options;
    this.locale = locale;
    this.content = new ContentStore(client);
    this.flow = new Flow(locale, flowOptions);
    this.resolved = $derived(resolveScreen(this.flow.screen, this.content.get(this.locale.current)));
    this.log = new SessionLog(client, {
      assistedBy,
      // A cause screen shows only once the current locale's content is loaded; step ids are the same in every locale.
      stepsOf: (causeId) => this.content.get(this.locale.current)?.causes[causeId]?.steps.map((s) => s.id) ?? [],
      ...(onStaffExpired ? { onStaffExpired } : {}),
    });
    this.flow.subscribe(this.log.follow);
  }

  async chooseLanguage(locale: Locale): Promise<void> {
    const result = await this.content.load(locale);
    if (result.ok) this.flow.chooseLanguage(locale, result.value.startQuestion);
    else this.#fail(locale, result.error.code);
  }

  async switchLanguage(locale: Locale): Promise<void> {
    if (locale === this.locale.current) return;
    const result = await this.content.load(locale);
    if (result.ok) this.flow.switchLanguage(locale);
    else this.#fail(locale, result.error.code);
  }

  /** The out-of-order screen needs no content, so it can speak the language the customer just asked for. */
  #fail(locale: Locale, code: KioskErrorCode): void {
    this.locale.set(locale);
    this.flow.fail(code);
  }

  /** Start over and Finish: a clean slate, and fresh content for the next customer. */
  startOver(): void {
    this.flow.startOver();
    this.content.clear();
  }
}
