/**
 * The one locale manager: which language the customer picked, its UI strings,
 * and `lang` on <html> (fonts are chosen by :lang, screen readers read by it).
 */
import { createContext } from 'svelte';
import type { Locale } from '../../../electron/api';
import { en, type MessageKey, type Messages } from './en';
import { zhHans } from './zh-Hans';
import { zhHant } from './zh-Hant';

/** Mainland branch: Simplified Chinese until the customer picks otherwise. */
export const DEFAULT_LOCALE: Locale = 'zh-Hans';

/** Listed in the order the language screen and the switch show them. */
export const LOCALE_ORDER: readonly Locale[] = ['zh-Hans', 'zh-Hant', 'en'];

export const DICTIONARIES: Readonly<Record<Locale, Messages>> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

/** Each language named in itself, long for the language screen, short for the top-bar switch. */
export const LOCALE_NAMES: Readonly<Record<Locale, { long: string; short: string }>> = {
  'zh-Hans': { long: '简体中文', short: '简体' },
  'zh-Hant': { long: '繁體中文', short: '繁體' },
  en: { long: 'English', short: 'EN' },
};

export type MessageParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; an unknown placeholder is left visible so a missing value is noticed. */
export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export class LocaleManager {
  current = $state<Locale>(DEFAULT_LOCALE);
  messages = $derived(DICTIONARIES[this.current]);
  readonly #root: HTMLElement | null;

  /** @param root the element that carries `lang`; defaults to <html> when there is a document. */
  constructor(root: HTMLElement | null = typeof document === 'undefined' ? null : document.documentElement) {
    this.#root = root;
    this.#applyLang();
  }

  set(locale: Locale): void {
    this.current = locale;
    this.#applyLang();
  }

  reset(): void {
    this.set(DEFAULT_LOCALE);
  }

  /** The UI string for `key` in the current locale. */
  t(key: MessageKey, params?: MessageParams): string {
    return format(this.messages[key], params);
  }

  #applyLang(): void {
    if (this.#root) this.#root.lang = this.current;
  }
}

/** Components read the manager from context rather than a module singleton, so each test can build its own. */
export const [getLocale, setLocale] = createContext<LocaleManager>();
