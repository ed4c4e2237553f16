/**
 * The active pack's content, one `ContentView` per locale, fetched once per
 * customer session and kept until `clear()` (start over), so a pack an admin
 * activates mid-day reaches the next customer without a reload.
 */
import type { ContentView, Locale } from '../../../electron/api';
import type { KioskClient, KioskResult } from './kiosk';

export class ContentStore {
  /** Raw: the views are read-only data; deep proxies would only cost memory. */
  #views = $state.raw<Partial<Record<Locale, ContentView>>>({});
  #pending = new Map<Locale, Promise<KioskResult<ContentView>>>();
  readonly #client: KioskClient;

  constructor(client: KioskClient) {
    this.#client = client;
  }

  /** The cached view for `locale`, if it has been loaded. */
  get(locale: Locale): ContentView | undefined {
    return this.#views[locale];
  }

  /** The view for `locale`, from the cache or the kiosk. Concurrent loads of one locale share one call. */
  load(locale: Locale): Promise<KioskResult<ContentView>> {
    const cached = this.#views[locale];
    if (cached) return Promise.resolve({ ok: true, value: cached });
    const inFlight = this.#pending.get(locale);
    if (inFlight) return inFlight;
    const call: Promise<KioskResult<ContentView>> = this.#client.getContent({ locale }).then((result) => {
      // Cleared (a new session began) while the call was in flight: answer the caller, cache nothing.
      if (this.#pending.get(locale) !== call) return result;
      this.#pending.delete(locale);
      if (result.ok) this.#views = { ...this.#views, [locale]: result.value };
      return result;
    });
    this.#pending.set(locale, call);
    return call;
  }

  clear(): void {
    this.#views = {};
    this.#pending.clear();
  }
}
