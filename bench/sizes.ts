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
import { fontFaces, kioskText, neededFaces } from '../build/font-css';
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

function entryFiles(): { js: string[]; css: string[] } {
  const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
  const js = [...html.matchAll(/<script[^>]*src="\.\/assets\/([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\.\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  return { js, css };
}

export interface BrowserFonts {
  customerResources: { name: string; bytes: number }[];
  firstFrameFontBytes: number;
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
  const facesIn = (f: string) => fontFaces(readFileSync(join(ASSETS, f), 'utf8')).length;
  // The font stylesheet (renderer/src/fonts.ts) is loaded by main.ts after the first frame, not by index.html.
  const fontCss = lazyCss.filter((f) => facesIn(f) > 0);
  const otherLazyCss = lazyCss.filter((f) => !fontCss.includes(f));
  const entryFaces = entry.css.map(facesIn).reduce((a, b) => a + b, 0);
  // The app's own stylesheets come with its chunk, after the first frame (build/first-frame.ts).
  const loadedCss = [...new Set(loaded.filter((f) => f.endsWith('.css')))];
  const appCss = otherLazyCss.filter((f) => loadedCss.includes(f));
  const restCss = otherLazyCss.filter((f) => !appCss.includes(f));
  rows.push({
    group: 'sizes',
    measure: 'customer CSS, gzip',
    value: sumGz([...entry.css, ...appCss]) / KB,
    unit: 'kB',
    target: '—',
    pass: null,
    note:
      `render-blocking: ${entry.css.join(', ')} (${(sumRaw(entry.css) / KB).toFixed(1)} kB raw, ${(sumGz(entry.css) / KB).toFixed(1)} kB gzip, ${entryFaces} @font-face rules); ` +
      `with the app, after the first frame: ${appCss.join(', ') || 'none seen (no browser run)'} (${(sumRaw(appCss) / KB).toFixed(1)} kB raw); ` +
      `font stylesheet after the first frame: ${fontCss.join(', ') || 'none'} (${(sumRaw(fontCss) / KB).toFixed(1)} kB raw, ${(sumGz(fontCss) / KB).toFixed(1)} kB gzip, ` +
      `${fontCss.map(facesIn).reduce((a, b) => a + b, 0)} @font-face rules); other lazy CSS ${(sumGz(restCss) / KB).toFixed(1)} kB gzip`,
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
    note: `${woff2.length} woff2 (${(sumRaw(woff2) / 1e6).toFixed(2)} MB) + ${woff.length} woff (${(sumRaw(woff) / 1e6).toFixed(2)} MB); the build keeps the woff2 slices of a fixed repertoire (build/font-css.ts: the pack and UI text, GB 2312 and Big5 level 1, Latin, CJK punctuation)`,
  });
  if (browser) {
    rows.push({
      group: 'fonts',
      measure: 'font bytes loaded: attract screen',
      value: browser.firstScreenFontBytes / KB,
      unit: 'kB',
      target: '—',
      pass: null,
      note: `the first frame's cut fonts (build/first-frame-fonts.ts, preloaded) ${(browser.firstFrameFontBytes / KB).toFixed(1)} kB, then the full fonts' slices for the same screen once the app has loaded their stylesheet, after document.fonts.ready`,
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
  const css = [...entry.css, ...fontCss].map((f) => readFileSync(join(ASSETS, f), 'utf8')).join('\n');
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
    note: `${needed.length} of ${faces.length} slices shipped cover a character of the pack or the UI strings (${text.sc.size} SC + ${text.tc.size} TC code points); the rest is there for imported packs`,
  });
  return rows;
}
