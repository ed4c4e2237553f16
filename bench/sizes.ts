/**
 * Sizes: the store per 10,000 sessions, the renderer's JS and CSS (gzip -9,
 * the customer's entry apart from the lazy staff/admin/chart chunks), and
 * fonts: shipped, loaded by a customer in Chromium, and what the kiosk's text
 * actually needs (the font slices whose unicode-range covers a character of
 * the pack or the UI strings).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureBundledPack } from '../db/content-import';
import type { Pack } from '../db/content-schema';
import bundledPack from '../db/content/card-binding.json';
import { openStore } from '../db/store';
import { generateSessions } from '../db/test/generate-sessions';
import { en } from '../renderer/src/i18n/en';
import { zhHans } from '../renderer/src/i18n/zh-Hans';
import { zhHant } from '../renderer/src/i18n/zh-Hant';
import type { Row } from './lib/report';
import { tempDir } from './lib/temp';

export const ROOT = resolve(__dirname, '..');
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const ASSETS = join(RENDERER_DIR, 'assets');
const KB = 1000;

function gz(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

export function storeBytesPer10k(): { bytes: number; events: number } {
  const dir = tempDir('size');
  const file = join(dir, 'kiosk.db');
  const db = openStore(file);
  try {
    ensureBundledPack(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    const r = generateSessions(db, { pack: bundledPack as Pack, sessions: 10_000, from: '2026-01-01', days: 30, seed: 7 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { bytes: statSync(file).size - before, events: r.events };
  } finally {
    db.close();
  }
}

interface FontFace {
  /** The whole `@font-face { … }` rule as written. */
  rule: string;
  family: string;
  weight: string;
  woff2: string | null;
  woff: string | null;
  ranges: [number, number][];
}

function parseRange(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const r = part.trim().replace(/^U\+/i, '');
    if (r.includes('?')) return [parseInt(r.replace(/\?/g, '0'), 16), parseInt(r.replace(/\?/g, 'f'), 16)];
    const [a, b] = r.split('-');
    return [parseInt(a!, 16), parseInt(b ?? a!, 16)];
  });
}

export function fontFaces(css: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const m of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = m[1]!;
    const prop = (name: string) => new RegExp(`${name}\\s*:\\s*([^;]+)`).exec(body)?.[1]?.trim() ?? '';
    const url = (ext: string) => new RegExp(`url\\(([^)]*\\.${ext})\\)`).exec(body)?.[1]?.replace(/^["']|["']$/g, '') ?? null;
    const range = prop('unicode-range');
    faces.push({
      rule: m[0],
      family: prop('font-family').replace(/["']/g, ''),
      weight: prop('font-weight'),
      woff2: url('woff2'),
      woff: url('woff'),
      ranges: range ? parseRange(range) : [[0, 0x10ffff]],
    });
  }
  return faces;
}

/** Every string in the pack, by locale, plus the UI strings; SC draws zh-Hans and Latin, TC draws zh-Hant (base.css). */
export function kioskText(): { sc: Set<number>; tc: Set<number> } {
  const sc = new Set<number>();
  const tc = new Set<number>();
  const add = (set: Set<number>, s: string) => {
    for (const ch of s) set.add(ch.codePointAt(0)!);
  };
  const walk = (v: unknown, locale: string | null) => {
    if (typeof v === 'string') {
      if (locale === 'zh-Hant') add(tc, v);
      else if (locale !== null) add(sc, v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, locale));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k === 'zh-Hans' || k === 'zh-Hant' || k === 'en' ? k : locale);
  };
  walk(bundledPack, null);
  for (const s of [...Object.values(en), ...Object.values(zhHans)]) add(sc, s);
  for (const s of Object.values(zhHant)) add(tc, s);
  for (let c = 0x20; c < 0x7f; c++) sc.add(c); // digits and Latin for every screen (PIN pad, numbers)
  add(tc, '繁體中文');
  add(sc, '简体中文English');
  return { sc, tc };
}

/** The @font-face rules whose unicode-range covers a character the kiosk can show (see kioskText). */
export function neededFaces(faces: readonly FontFace[], text = kioskText()): FontFace[] {
  return faces.filter((face) => {
    const chars = /TC/.test(face.family) ? text.tc : text.sc;
    for (const c of chars) if (face.ranges.some(([a, b]) => c >= a && c <= b)) return true;
    return false;
  });
}

/**
 * What a build step could ship instead: only the needed rules, woff2 only
 * (Chromium, and so Electron, always takes the woff2). Used by the bench to
 * measure what that change would buy; the same few lines fit a Vite plugin.
 */
export function pruneFontCss(css: string, text = kioskText()): string {
  const keep = new Set(neededFaces(fontFaces(css), text).map((f) => f.rule));
  return css.replace(/@font-face\s*{[^}]*}/g, (rule) =>
    keep.has(rule) ? rule.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)/, '') : '',
  );
}

function entryFiles(): { js: string[]; css: string[] } {
  const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
  const js = [...html.matchAll(/<script[^>]*src="\.\/assets\/([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\.\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  return { js, css };
}

export interface BrowserFonts {
  customerResources: { name: string; bytes: number }[];
  firstScreenFontBytes: number;
  walkFontBytes: number;
  allLocalesFontBytes: number;
}

export function measureSizes(browser: BrowserFonts | null): Row[] {
  const rows: Row[] = [];
  const store = storeBytesPer10k();
  rows.push({
    group: 'sizes',
    measure: 'store size per 10,000 sessions',
    value: store.bytes / 1e6,
    unit: 'MB',
    target: '—',
    pass: null,
    note: `${store.events.toLocaleString('en-US')} events; file growth after wal_checkpoint(TRUNCATE), bundled pack, seed 7`,
  });
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    rows.push({ group: 'sizes', measure: 'renderer bundle', value: null, unit: 'kB', target: '—', pass: false, note: 'out/renderer is not built' });
    return rows;
  }
  const assets = readdirSync(ASSETS);
  const entry = entryFiles();
  const sumGz = (files: readonly string[]) => files.reduce((s, f) => s + gz(join(ASSETS, f)), 0);
  const sumRaw = (files: readonly string[]) => files.reduce((s, f) => s + statSync(join(ASSETS, f)).size, 0);
  const loaded = (browser?.customerResources ?? []).map((r) => basename(new URL(r.name).pathname));
  const loadedJs = [...new Set(loaded.filter((f) => f.endsWith('.js')))];
  const customerJs = loadedJs.length > 0 ? loadedJs : entry.js;
  const lazyJs = assets.filter((f) => f.endsWith('.js') && !customerJs.includes(f));
  const lazyCss = assets.filter((f) => f.endsWith('.css') && !entry.css.includes(f));
  const jsGz = sumGz(customerJs) / KB;
  rows.push({
    group: 'sizes',
    measure: 'customer JS, gzip',
    value: jsGz,
    unit: 'kB',
    target: '≤ 60 kB',
    pass: jsGz <= 60,
    note: `${customerJs.join(', ')} (${(sumRaw(customerJs) / KB).toFixed(1)} kB raw)${loadedJs.length > 0 ? ': every JS file the customer walk loaded in Chromium' : ': entry chunk from index.html'}`,
  });
  rows.push({
    group: 'sizes',
    measure: 'lazy JS (staff, admin, charts), gzip',
    value: sumGz(lazyJs) / KB,
    unit: 'kB',
    target: '—',
    pass: null,
    note: `${lazyJs.length} chunks, ${(sumRaw(lazyJs) / KB).toFixed(1)} kB raw; loaded only when staff or admin open them`,
  });
  const cssFaces = entry.css.map((f) => fontFaces(readFileSync(join(ASSETS, f), 'utf8')).length).reduce((a, b) => a + b, 0);
  rows.push({
    group: 'sizes',
    measure: 'customer CSS, gzip',
    value: sumGz(entry.css) / KB,
    unit: 'kB',
    target: '—',
    pass: null,
    note: `${entry.css.join(', ')}: ${(sumRaw(entry.css) / KB).toFixed(1)} kB raw, render-blocking, ${cssFaces} @font-face rules; lazy CSS ${(sumGz(lazyCss) / KB).toFixed(1)} kB gzip`,
  });

  const woff2 = assets.filter((f) => f.endsWith('.woff2'));
  const woff = assets.filter((f) => f.endsWith('.woff'));
  const shipped = sumRaw(woff2) + sumRaw(woff);
  rows.push({
    group: 'fonts',
    measure: 'font bytes shipped (woff2 + woff)',
    value: shipped / 1e6,
    unit: 'MB',
    target: '—',
    pass: null,
    note: `${woff2.length} woff2 (${(sumRaw(woff2) / 1e6).toFixed(2)} MB) + ${woff.length} woff (${(sumRaw(woff) / 1e6).toFixed(2)} MB); Chromium never loads the woff fallbacks`,
  });
  if (browser) {
    rows.push({
      group: 'fonts',
      measure: 'font bytes loaded: attract screen',
      value: browser.firstScreenFontBytes / KB,
      unit: 'kB',
      target: '—',
      pass: null,
      note: 'after document.fonts.ready on a fresh load',
    });
    rows.push({
      group: 'fonts',
      measure: 'font bytes loaded: customer walk, then all 3 languages',
      value: browser.allLocalesFontBytes / KB,
      unit: 'kB',
      target: '—',
      pass: null,
      note: `the 1,000-tap walk in zh-Hans loaded ${(browser.walkFontBytes / KB).toFixed(1)} kB; switching to zh-Hant and English added the rest`,
    });
  }
  const css = entry.css.map((f) => readFileSync(join(ASSETS, f), 'utf8')).join('\n');
  const faces = fontFaces(css);
  const text = kioskText();
  const needed = neededFaces(faces, text);
  const neededBytes = needed.reduce((s, f) => s + (f.woff2 && existsSync(join(ASSETS, basename(f.woff2))) ? statSync(join(ASSETS, basename(f.woff2))).size : 0), 0);
  rows.push({
    group: 'fonts',
    measure: "woff2 bytes the kiosk's text can ever use",
    value: neededBytes / 1e6,
    unit: 'MB',
    target: '—',
    pass: null,
    note: `${needed.length} of ${faces.length} slices cover a character of the pack or the UI strings (${text.sc.size} SC + ${text.tc.size} TC code points): what shipping only those would weigh`,
  });
  return rows;
}
