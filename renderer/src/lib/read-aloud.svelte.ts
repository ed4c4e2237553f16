/**
 * Read-aloud of the current screen (issue 5), over the Web Speech API
 * (`speechSynthesis`), with a voice for the screen's language if the machine
 * has one. A kiosk without such a voice says so (the panel shows "This kiosk
 * has no voice for …") rather than reading in the wrong language or failing
 * silently.
 *
 * Only voices that run on the machine (`localService`) count: the kiosk is
 * offline, and a network voice would send the screen's text away.
 */
import type { Locale } from '../../../electron/api';

/** What the kiosk needs to know of a voice; `SpeechSynthesisVoice` has these fields. */
export interface Voice {
  readonly name: string;
  readonly lang: string;
  readonly localService: boolean;
  readonly default: boolean;
}

/** The speech engine, injected so tests (and machines without one) need no browser. */
export interface SpeechPort {
  voices(): readonly Voice[];
  /** Queues `text`, spoken with `voice` (one of `voices()`). */
  speak(text: string, voice: Voice): void;
  /** Stops speaking and drops what is queued. */
  cancel(): void;
  /** Voices load late in Chromium: calls `fn` when the list changes; returns the unsubscribe function. */
  onVoicesChanged(fn: () => void): () => void;
}

/** The browser's speech engine, or null where there is none. */
export function browserSpeech(): SpeechPort | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window) || typeof SpeechSynthesisUtterance === 'undefined') return null;
  const synth = window.speechSynthesis;
  return {
    voices: () => synth.getVoices(),
    speak(text, voice) {
      const utterance = new SpeechSynthesisUtterance(text);
      // The port only ever receives voices it listed itself, which are SpeechSynthesisVoice objects.
      utterance.voice = voice as SpeechSynthesisVoice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      synth.speak(utterance);
    },
    cancel: () => synth.cancel(),
    onVoicesChanged(fn) {
      synth.addEventListener('voiceschanged', fn);
      return () => synth.removeEventListener('voiceschanged', fn);
    },
  };
}

/**
 * BCP 47 tags a voice may carry for each locale, best first, lower case with
 * hyphens. A tag matches itself and anything more specific ("zh-cn" matches
 * "zh-cn-x-standard"). Cantonese (Hong Kong) voices read Traditional text
 * well enough to come after Taiwan's Mandarin ones.
 */
const VOICE_TAGS: Readonly<Record<Locale, readonly string[]>> = {
  'zh-Hans': ['zh-cn', 'zh-hans', 'cmn-hans', 'cmn-cn', 'zh-sg', 'cmn', 'zh'],
  'zh-Hant': ['zh-tw', 'zh-hant', 'cmn-hant', 'cmn-tw', 'zh-hk', 'yue', 'zh-mo'],
  en: ['en-gb', 'en-us', 'en'],
};

function normalTag(lang: string): string {
  return lang.replace(/_/g, '-').toLowerCase();
}

function matches(tag: string, wanted: string): boolean {
  return tag === wanted || tag.startsWith(`${wanted}-`);
}

/**
 * A voice for text in another script: espeak-ng's `cmn-latn-pinyin` reads
 * pinyin, not characters. Never picked for a screen in its own script.
 */
function romanized(tag: string): boolean {
  return tag.split('-').slice(1).includes('latn');
}

/**
 * The best local voice for `locale`, or null when the machine has none. For
 * each wanted tag in turn: the system's default voice if it fits, else one
 * tagged exactly so, else the first more specific one.
 */
export function pickVoice(voices: readonly Voice[], locale: Locale): Voice | null {
  const local = voices.filter((v) => v.localService && !romanized(normalTag(v.lang)));
  for (const wanted of VOICE_TAGS[locale]) {
    const fitting = local.filter((v) => matches(normalTag(v.lang), wanted));
    const best = fitting.find((v) => v.default) ?? fitting.find((v) => normalTag(v.lang) === wanted) ?? fitting[0];
    if (best) return best;
  }
  return null;
}

export type ReadAloudStatus =
  /** There is no speech engine at all. */
  | { kind: 'unsupported' }
  | { kind: 'no_voice'; locale: Locale }
  | { kind: 'ready'; voice: Voice };

const LOCALES = Object.keys(VOICE_TAGS) as Locale[];

export class ReadAloud {
  #voices = $state.raw<readonly Voice[]>([]);
  /**
   * Picked once per voice list, not at every call: a speech engine can list thousands of voices (espeak-ng
   * through speech-dispatcher: 13,362, several milliseconds a pick), and every screen change asks.
   */
  readonly #picked: Readonly<Record<Locale, Voice | null>>;
  readonly #port: SpeechPort | null;
  readonly #unsubscribe: () => void;

  constructor(port: SpeechPort | null) {
    this.#port = port;
    this.#voices = port?.voices() ?? [];
    this.#unsubscribe = port?.onVoicesChanged(() => (this.#voices = port.voices())) ?? (() => {});
    this.#picked = $derived(Object.fromEntries(LOCALES.map((locale) => [locale, pickVoice(this.#voices, locale)])) as Record<Locale, Voice | null>);
  }

  /** Whether the screen can be read in `locale`, and with which voice. */
  status(locale: Locale): ReadAloudStatus {
    if (!this.#port) return { kind: 'unsupported' };
    const voice = this.#picked[locale];
    return voice ? { kind: 'ready', voice } : { kind: 'no_voice', locale };
  }

  /** Reads `lines` in `locale`, replacing anything still being read. False when there is no voice for it. */
  read(lines: readonly string[], locale: Locale): boolean {
    const status = this.status(locale);
    if (status.kind !== 'ready' || !this.#port) return false;
    this.#port.cancel();
    // One utterance per line: Chromium cuts long utterances short, and a line is a natural pause.
    for (const line of lines) {
      const text = line.trim();
      if (text) this.#port.speak(text, status.voice);
    }
    return true;
  }

  stop(): void {
    this.#port?.cancel();
  }

  dispose(): void {
    this.stop();
    this.#unsubscribe();
  }
}

/** The text of a screen as read aloud: its visible lines, in reading order, without repeats of blank lines. */
export function screenLines(text: string): string[] {
  return text
    .split(/\n+/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0);
}

/**
 * What the customer sees on `root`, in reading order: headings, paragraphs
 * and button labels (marked `data-read`), each once. Step toggles and icons
 * are left out: "Done" after every step would drown the steps.
 */
export function readableLines(root: ParentNode): string[] {
  const nodes = [...root.querySelectorAll<HTMLElement>('h1, h2, h3, p, [data-read]')];
  const outermost = nodes.filter((node) => !nodes.some((other) => other !== node && other.contains(node)));
  return outermost.flatMap((node) => screenLines(node.innerText));
}

/** The part of a heading element `headingText` reads. */
export interface HeadingNode {
  readonly textContent: string | null;
  readonly childElementCount: number;
  readonly childNodes: Iterable<{ readonly textContent: string | null }>;
}

/**
 * A heading's words for the screen-reader announcement, from the DOM text
 * alone: `innerText` would make the browser lay out the new screen inside the
 * script, before its first frame. A heading made of lines (one per language
 * on the language screen) has them as child elements: joined with a space.
 */
export function headingText(heading: HeadingNode): string {
  const text = heading.childElementCount > 0 ? Array.from(heading.childNodes, (n) => n.textContent ?? '').join(' ') : (heading.textContent ?? '');
  return text.replace(/\s+/g, ' ').trim();
}
