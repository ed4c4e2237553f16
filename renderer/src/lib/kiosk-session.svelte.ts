/**
 * Ties the flow, the locale and the content together for the UI: anything
 * that must load content before the screen may change goes through here, so
 * a failed call always ends on the out-of-order screen and the language only
 * changes once its content is there (no half-translated screen). The session
 * log follows the flow from here too.
 *
 * Also the hand-over (issue 4): Start over, "I'm done" and the idle timeout
 * all end here, and each leaves nothing of the customer behind: flow,
 * language, content cache, accessibility settings, read-aloud.
 */
import type { Locale } from '../../../electron/api';
import { LocaleManager } from '../i18n/locale.svelte';
import { AccessSettings, type ClassRoot } from './accessibility.svelte';
import { ContentStore } from './content.svelte';
import { Flow, type FlowOptions } from './flow.svelte';
import type { KioskClient, KioskErrorCode } from './kiosk';
import { IdleWatch, type IdleTimers } from './idle.svelte';
import { ReadAloud, type SpeechPort } from './read-aloud.svelte';
import { resolveScreen, type Resolved } from './resolve';
import { SessionLog } from './session-log';

export interface KioskSessionOptions extends FlowOptions {
  /** The staff or admin token guiding the customer, or null for self-service. Read at each first tap. */
  assistedBy?: () => string | null;
  /** An assisted session was refused: the staff token has expired. */
  onStaffExpired?: () => void;
  /** After Start over, "I'm done" or the idle timeout has ended a session and cleared the screen. */
  onHandedOver?: () => void;
  /** Timers for the idle watch; the browser's by default. */
  timers?: IdleTimers;
  /** Seconds of the "Are you still there?" countdown. */
  warnSeconds?: number;
  /** Where the large-text and high-contrast classes go; <html> by default, null for none. */
  root?: ClassRoot | null;
  /** The speech engine for read-aloud; null for none (tests, machines without one). */
  speech?: SpeechPort | null;
}

export class KioskSession {
  readonly locale: LocaleManager;
  readonly content: ContentStore;
  readonly flow: Flow;
  readonly log: SessionLog;
  readonly idle: IdleWatch;
  readonly access: AccessSettings;
  readonly readAloud: ReadAloud;
  readonly #client: KioskClient;
  readonly #onHandedOver: () => void;

  /** The current screen with its content in the current locale. */
  readonly resolved: Resolved;

  constructor(client: KioskClient, locale: LocaleManager, options: KioskSessionOptions = {}) {
    const { assistedBy = () => null, onStaffExpired, onHandedOver, timers, warnSeconds, root, speech = null, ...flowOptions } = options;
    this.#client = client;
    this.#onHandedOver = onHandedOver ?? (() => {});
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

    this.idle = new IdleWatch({
      onTimeout: () => this.timeOut(),
      ...(timers ? { timers } : {}),
      ...(warnSeconds !== undefined ? { warnSeconds } : {}),
    });
    // Nobody to protect on the attract screen; every other customer screen is watched.
    this.flow.subscribe((move) => {
      if (move.kind === 'shown') this.idle.enable(move.screen.kind !== 'attract');
    });
    this.readAloud = new ReadAloud(speech);
    this.access = new AccessSettings({
      ...(root !== undefined ? { root } : {}),
      onChange: (feature, on) => {
        // Anonymous like every event: which feature, on or off, in this session; nothing about who.
        this.log.log({ type: 'accessibility_changed', feature, on });
        this.idle.setLonger(this.access.anyOn);
        if (feature === 'read_aloud' && !on) this.readAloud.stop();
      },
    });
  }

  /** Reads the admin's idle setting (issue 4); the default stays if the kiosk cannot say. */
  async refreshIdleTimeout(): Promise<void> {
    const info = await this.#client.getKioskInfo({});
    if (info.ok) this.idle.setIdleSeconds(info.value.idleTimeoutSeconds);
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

  /**
   * One screen back. Back onto the attract screen is the customer leaving: the same clean slate as
   * Start over (session ended, steps unticked, language and accessibility reset), or the next person
   * would find the last one's ticks and settings, with no idle timer on the attract screen to clear them.
   */
  back(): void {
    if (this.flow.backLeaves) this.startOver();
    else this.flow.back();
  }

  /** Start over and Finish ("I'm done"): a clean slate, and fresh content for the next customer. */
  startOver(): void {
    this.flow.startOver();
    this.#handOver();
  }

  /** Nobody answered "Are you still there?": the session ends as `timeout`, and the same clean slate. */
  timeOut(): void {
    this.flow.timeOut();
    this.#handOver();
  }

  /** Stops timers and speech (the page is going away). */
  dispose(): void {
    this.idle.dispose();
    this.readAloud.dispose();
  }

  #handOver(): void {
    this.content.clear();
    this.access.reset();
    this.readAloud.stop();
    this.idle.setLonger(false);
    this.#onHandedOver();
  }
}
