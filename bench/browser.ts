/**
 * The two Chromium measures, on the real kiosk served by the e2e harness
 * (e2e/harness.ts) and, as their floor, on a static page with one button
 * served by a bare HTTP server here (same machine, same browser, same run):
 *
 * - Load to interactive: navigation start to the first frame with the
 *   first button in <main> on screen (Paint Timing's first-contentful-paint,
 *   which Chromium reports at presentation, once the compositor has
 *   rasterized and drawn the frame; the kiosk: the attract screen's "tap to
 *   start", prerendered into index.html, which takes a tap from that frame on;
 *   the floor: its one button). Fresh page per load, kiosk and floor
 *   alternating. Beside it, as information: the same frame painted on the
 *   main thread (the figure judged until 2026-12-07), and navigation start
 *   to the app running (`<html data-app>`, set once hydration has attached
 *   the handlers), when a tap held since the first frame is acted on.
 * - Tap to next screen painted: from the tap's pointerdown (event.timeStamp)
 *   to the first frame that shows the new screen (a new `main > .screen`
 *   element seen by a MutationObserver, then requestAnimationFrame, then a
 *   MessageChannel task, which runs once that frame's rendering is done).
 *   Kiosk and floor taps alternate, one each, so machine load hits both alike.
 *   The kiosk ignores navigation taps within 350 ms of a screen change (its
 *   double-tap guard), so its taps are spaced 380 ms apart; the floor tap
 *   goes in between, after the kiosk's 180 ms screen fade has finished.
 *
 * Everything the page does is measured in the page; the driver's round trips
 * are outside the measured span.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import pack from '../db/content/card-binding.json';
import { prng } from '../db/test/generate-sessions';
import { CHROMIUM_ARGS } from '../e2e/chromium-args';
import { startHarness, type RunningHarness } from '../e2e/harness';
import { zhHans } from '../renderer/src/i18n/zh-Hans';
import { CHROMIUM_PATH } from './lib/machine';
import type { Row } from './lib/report';
import { median, percentile, ratioOfMediansInterval, sleep } from './lib/stats';
import { tempDir } from './lib/temp';

const VIEWPORT = { width: 1080, height: 1920 };
const ADMIN_PIN = '482913';
/** The kiosk's guard is 350 ms (flow.svelte.ts); a little margin for the driver's clock. */
const GUARD_MS = 380;
/** The kiosk's screen fade (tokens.css --duration-screen) plus a frame. */
const FADE_MS = 200;

/** What the instrument logs once the first usable button is painted. */
const INTERACTIVE_MESSAGE = 'bench: interactive';
/** What it logs once the first frame with content is on screen (first-contentful-paint). */
const ON_SCREEN_MESSAGE = 'bench: on screen';
/** What it logs once the page says its app is running (renderer/src/start-app.ts sets `<html data-app>`). */
const APP_RUNNING_MESSAGE = 'bench: app running';

/**
 * In-page instrument, injected before any page script. Plain JS in a string:
 * the bundler's helpers must not leak into the page.
 */
const INSTRUMENT = String.raw`(() => {
  const INTERACTIVE_MESSAGE = ${JSON.stringify(INTERACTIVE_MESSAGE)};
  const ON_SCREEN_MESSAGE = ${JSON.stringify(ON_SCREEN_MESSAGE)};
  const APP_RUNNING_MESSAGE = ${JSON.stringify(APP_RUNNING_MESSAGE)};
  if (window.__bench) return;
  const B = { taps: [], pending: null, waiters: [], interactive: null, interactiveScheduled: false, onScreen: null, appRunning: null, events: [] };
  Object.defineProperty(window, '__bench', { value: B });
  performance.setResourceTimingBufferSize(100000);
  const afterPaint = (cb) => requestAnimationFrame((frame) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => cb(frame, performance.now());
    ch.port2.postMessage(0);
  });
  const screenEl = () => document.querySelector('main > .screen');
  const wake = () => {
    for (const w of B.waiters.splice(0)) {
      if (!w.check()) B.waiters.push(w);
    }
  };
  addEventListener('pointerdown', (e) => {
    if (!B.pending) B.pending = { t0: e.timeStamp, from: screenEl(), scheduled: false, click: NaN, dom: NaN };
  }, true);
  addEventListener('click', (e) => {
    if (B.pending && Number.isNaN(B.pending.click)) B.pending.click = e.timeStamp;
  }, true);
  const check = () => {
    if (B.interactive === null && !B.interactiveScheduled && document.querySelector('main button')) {
      B.interactiveScheduled = true;
      // The driver hears this on the console: it must not run anything in the page while it loads.
      afterPaint((frame, t) => { B.interactive = t; console.debug(INTERACTIVE_MESSAGE); wake(); });
    }
    const p = B.pending;
    if (!p || p.scheduled) return;
    const cur = screenEl();
    if (!cur || cur === p.from) return;
    p.scheduled = true;
    p.dom = performance.now();
    afterPaint((frame, t) => {
      B.taps.push({ total: t - p.t0, toClick: p.click - p.t0, toDom: p.dom - p.t0, toFrame: frame - p.t0, paintedAt: t, clickAt: p.click });
      B.pending = null;
      wake();
    });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  new MutationObserver(() => {
    if (B.appRunning !== null || !document.documentElement.hasAttribute('data-app')) return;
    B.appRunning = performance.now();
    console.debug(APP_RUNNING_MESSAGE);
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name !== 'first-contentful-paint' || B.onScreen !== null) continue;
      B.onScreen = e.startTime;
      console.debug(ON_SCREEN_MESSAGE);
    }
  }).observe({ type: 'paint', buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name !== 'pointerdown' && e.name !== 'click' && e.name !== 'pointerup') continue;
        B.events.push({ id: e.interactionId || 0, name: e.name, start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch (e) { /* no Event Timing */ }
  const until = (check, ms) => new Promise((resolve) => {
    const w = { check: () => { const v = check(); if (v === undefined) return false; resolve(v); return true; } };
    if (w.check()) return;
    B.waiters.push(w);
    setTimeout(() => {
      const i = B.waiters.indexOf(w);
      if (i >= 0) { B.waiters.splice(i, 1); resolve(null); }
    }, ms);
  });
  B.waitTap = (n, ms) => until(() => (B.taps.length >= n ? B.taps[n - 1] : undefined), ms).then((r) => {
    if (r === null) B.pending = null;
    return r;
  });
  B.waitInteractive = (ms) => until(() => (B.interactive === null ? undefined : B.interactive), ms);
  B.resetEvents = () => { B.events = []; };
  B.resources = () => performance.getEntriesByType('resource').map((e) => ({ name: e.name, bytes: e.encodedBodySize }));
})();`;

const FLOOR_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, minimum-scale=1, user-scalable=no" />
    <link rel="icon" href="data:," />
    <title>floor</title>
    <style>
      html, body { margin: 0; height: 100%; font-family: sans-serif; touch-action: pan-y; user-select: none; }
      main { height: 100%; }
      button { display: block; width: 100%; min-height: 120px; font-size: 40px; }
    </style>
    <script type="module" src="./floor.js"></script>
  </head>
  <body>
    <main><div class="screen"><h1>Screen 0</h1><button type="button">Next</button></div></main>
  </body>
</html>
`;

const FLOOR_JS = `let n = 0;
document.querySelector('main').addEventListener('click', (event) => {
  if (!(event.target instanceof Element) || !event.target.closest('button')) return;
  n += 1;
  const screen = document.createElement('div');
  screen.className = 'screen';
  screen.innerHTML = '<h1>Screen ' + n + '</h1><button type="button">Next</button>';
  document.querySelector('main > .screen').replaceWith(screen);
});
`;

interface FloorServer {
  url: string;
  server: Server;
}

function startFloorServer(): Promise<FloorServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const [type, body] = path === '/floor.js' ? ['text/javascript; charset=utf-8', FLOOR_JS] : ['text/html; charset=utf-8', FLOOR_HTML];
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }));
  });
}

interface TapResult {
  total: number;
  toClick: number;
  toDom: number;
  toFrame: number;
  paintedAt: number;
  clickAt: number;
}

interface EventEntry {
  id: number;
  name: string;
  start: number;
  duration: number;
}

/** One duration per interaction (its longest event); interactions under 16 ms have no entry and count as 0. */
function interactionDurations(entries: readonly EventEntry[], interactions: number): number[] {
  const byId = new Map<number, number>();
  for (const e of entries) if (e.id !== 0) byId.set(e.id, Math.max(byId.get(e.id) ?? 0, e.duration));
  const out = [...byId.values()];
  while (out.length < interactions) out.push(0);
  return out;
}

interface Resource {
  name: string;
  bytes: number;
}

export interface BrowserOutcome {
  rows: Row[];
  chromiumVersion: string;
  /** File names (out/renderer/assets/…) the customer page loaded, with their bytes. */
  customerResources: Resource[];
  /** Font bytes once the first frame's own fonts are in, before the app loads the full stylesheet. */
  firstFrameFontBytes: number;
  firstScreenFontBytes: number;
  walkFontBytes: number;
  allLocalesFontBytes: number;
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: VIEWPORT, hasTouch: true, deviceScaleFactor: 1 });
  await ctx.addInitScript({ content: INSTRUMENT });
  return ctx;
}

/** "12 ms after" or "12 ms before". */
function relativeMs(ms: number): string {
  return `${Math.abs(ms).toFixed(0)} ms ${ms < 0 ? 'before' : 'after'}`;
}

interface LoadTimes {
  /** The first frame with content on screen (first-contentful-paint). */
  onScreen: number;
  /** The same frame painted on the main thread. */
  interactive: number;
  /** NaN for a page without an app (the floor). */
  appRunning: number;
}

/**
 * One fresh load. The driver waits for the instrument's console messages instead of evaluating in the
 * page: an evaluate injects Playwright's helper script into the page, and on a page still loading that
 * lands inside the measured span (a longer load pays it, a short one may not).
 */
async function loadOnce(ctx: BrowserContext, url: string, opts: { app: boolean }): Promise<LoadTimes> {
  const page = await ctx.newPage();
  try {
    const heard = (text: string) =>
      page.waitForEvent('console', { predicate: (m) => m.text() === text, timeout: 15000 }).then(() => true, () => false);
    const interactive = heard(INTERACTIVE_MESSAGE);
    const onScreen = heard(ON_SCREEN_MESSAGE);
    const appRunning = opts.app ? heard(APP_RUNNING_MESSAGE) : Promise.resolve(true);
    await page.goto(url, { waitUntil: 'commit' });
    if (!(await interactive)) throw new Error(`${url} never showed a usable button`);
    if (!(await onScreen)) throw new Error(`${url} never reported its first frame on screen (first-contentful-paint)`);
    if (!(await appRunning)) throw new Error(`${url} never said its app is running (<html data-app>)`);
    const times = (await page.evaluate('[window.__bench.onScreen, window.__bench.interactive, window.__bench.appRunning]')) as [number, number, number | null];
    return { onScreen: times[0], interactive: times[1], appRunning: times[2] ?? Number.NaN };
  } finally {
    await page.close();
  }
}

function fontBytes(resources: readonly Resource[]): number {
  return resources.filter((r) => /\.woff2?$/.test(r.name)).reduce((s, r) => s + r.bytes, 0);
}

async function resources(page: Page): Promise<Resource[]> {
  return (await page.evaluate('window.__bench.resources()')) as Resource[];
}

/** What the first frame loads: its cut fonts (build/first-frame-fonts.ts), preloaded from index.html. */
async function firstFrameFonts(page: Page): Promise<Resource[]> {
  await page.evaluate('document.fonts.ready');
  return resources(page);
}

async function settledFonts(page: Page): Promise<Resource[]> {
  // The full font stylesheet comes once the app runs (renderer/src/start-app.ts): wait for its Noto
  // faces (the first frame's own are there from the start), a frame so the text asks for its slices,
  // then for the slices.
  await page.evaluate(
    'new Promise((r) => { const t = () => { let full = false; document.fonts.forEach((f) => { full ||= /Noto Sans/.test(f.family); }); full ? r() : setTimeout(t, 20); }; t(); })' +
      '.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))' +
      '.then(() => document.fonts.ready).then(() => new Promise((r) => setTimeout(r, 300)))',
  );
  return resources(page);
}

async function tapAt(page: Page, target: Locator): Promise<{ x: number; y: number }> {
  await target.scrollIntoViewIfNeeded({ timeout: 5000 });
  const box = await target.boundingBox({ timeout: 5000 });
  if (!box) throw new Error(`no box for ${String(target)}`);
  return { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 40) };
}

type Localized = Record<'zh-Hans' | 'zh-Hant' | 'en', string>;
function answerLabel(questionId: string, answerId: string): string {
  const q = pack.questions.find((x) => x.id === questionId);
  const a = q?.answers.find((x) => x.id === answerId);
  if (!a) throw new Error(`no answer ${questionId}.${answerId} in the pack`);
  return (a.label as Localized)['zh-Hans'];
}

/**
 * Stops the bench if Chromium has pages of its own UI open (its address bar's popups): they load
 * beside every new tab and compete with the page being measured, and Electron has none.
 * e2e/chromium-args.ts turns them off by feature names that a later Chromium may rename.
 */
async function assertNoBrowserUi(browser: Browser): Promise<void> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    const ui = targetInfos.filter((t) => t.type === 'browser_ui' || t.url.startsWith('chrome://'));
    if (ui.length > 0) {
      throw new Error(`Chromium has its own UI pages open beside the pages under test (${ui.map((t) => t.url).join(', ')}): update the --disable-features list in e2e/chromium-args.ts for Chromium ${browser.version()}`);
    }
  } finally {
    await session.detach();
  }
}

export async function measureBrowser(options: { taps?: number; loads?: number; log?: (s: string) => void } = {}): Promise<BrowserOutcome> {
  const tapCount = options.taps ?? 1000;
  const loads = options.loads ?? 40;
  const log = options.log ?? (() => undefined);
  const harness: RunningHarness = await startHarness({ port: 0, dataDir: tempDir('harness'), adminPin: ADMIN_PIN });
  const floor = await startFloorServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  try {
    const chromiumVersion = browser.version();
    const kioskCtx = await newContext(browser);
    const floorCtx = await newContext(browser);

    // ---- load to interactive ----
    const kioskLoads: number[] = [];
    const kioskPainted: number[] = [];
    const kioskRunning: number[] = [];
    const floorLoads: number[] = [];
    const floorPainted: number[] = [];
    // Warm-up: the server's first file reads, Chromium's first processes.
    await loadOnce(kioskCtx, harness.url, { app: true });
    await loadOnce(floorCtx, floor.url, { app: false });
    await assertNoBrowserUi(browser);
    for (let i = 0; i < loads; i++) {
      const kioskLoad = await loadOnce(kioskCtx, harness.url, { app: true });
      kioskLoads.push(kioskLoad.onScreen);
      kioskPainted.push(kioskLoad.interactive);
      kioskRunning.push(kioskLoad.appRunning);
      const floorLoad = await loadOnce(floorCtx, floor.url, { app: false });
      floorLoads.push(floorLoad.onScreen);
      floorPainted.push(floorLoad.interactive);
    }
    const loadInterval = ratioOfMediansInterval(kioskLoads, floorLoads, prng(6));
    log(`  load: kiosk on screen at ${median(kioskLoads).toFixed(0)} ms (painted ${median(kioskPainted).toFixed(0)} ms, blank page ${median(floorPainted).toFixed(0)} ms; app running ${median(kioskRunning).toFixed(0)} ms), blank page on screen at ${median(floorLoads).toFixed(0)} ms, ratio ${(median(kioskLoads) / median(floorLoads)).toFixed(2)}x (95% interval ${loadInterval.map((r) => r.toFixed(2)).join('–')})`);

    // ---- taps ----
    const kiosk = await kioskCtx.newPage();
    await kiosk.goto(harness.url);
    await kiosk.evaluate('window.__bench.waitInteractive(15000)');
    const firstFrameFontBytes = fontBytes(await firstFrameFonts(kiosk));
    const firstScreenFontBytes = fontBytes(await settledFonts(kiosk));
    const floorPage = await floorCtx.newPage();
    await floorPage.goto(floor.url);
    await floorPage.evaluate('window.__bench.waitInteractive(15000)');

    const main = kiosk.getByRole('main');
    const banner = kiosk.getByRole('banner');
    const byName = (scope: Locator, name: string) => scope.getByRole('button', { name, exact: true });
    const floorButton = floorPage.getByRole('main').getByRole('button');

    // Seeded jitter of up to one frame on every tap, so taps land at every phase of the 60 Hz frame clock
    // (without it the fixed spacing would sample one phase and bias both distributions).
    const jitter = prng(6);
    const frameJitter = () => jitter() * 16.7;
    let kioskN = 0;
    let floorN = 0;
    let ignored = 0;
    let lastClickNode = -Infinity;
    const kioskTaps: (TapResult & { kind: string })[] = [];
    const floorTaps: TapResult[] = [];

    /** One measured kiosk tap; retried if the guard (or anything) swallowed it. */
    const kioskTap = async (target: Locator, kind: string, record: boolean): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        const { x, y } = await tapAt(kiosk, target);
        await sleep(lastClickNode + GUARD_MS + frameJitter() - performance.now());
        const waiting = kiosk.evaluate(`window.__bench.waitTap(${kioskN + 1}, 2000)`) as Promise<TapResult | null>;
        await kiosk.touchscreen.tap(x, y);
        const r = await waiting;
        const arrived = performance.now();
        if (r) {
          kioskN++;
          lastClickNode = arrived - (r.total - r.toClick);
          if (record) kioskTaps.push({ ...r, kind });
          return;
        }
        ignored++;
        lastClickNode = arrived;
        if (attempt >= 3) throw new Error(`the kiosk did not react to "${kind}" four times`);
      }
    };
    const floorTap = async (): Promise<void> => {
      const { x, y } = await tapAt(floorPage, floorButton);
      const waiting = floorPage.evaluate(`window.__bench.waitTap(${floorN + 1}, 2000)`) as Promise<TapResult | null>;
      await floorPage.touchscreen.tap(x, y);
      const r = await waiting;
      if (!r) throw new Error('the floor page did not react to a tap');
      floorN++;
      floorTaps.push(r);
    };

    // To the first question, unmeasured.
    await kioskTap(main.getByRole('button').first(), 'attract', false);
    await kioskTap(byName(main, '简体中文'), 'language', false);

    const cycle: [Locator, string][] = [
      [byName(main, answerLabel('card_origin', 'mainland_card')), 'answer'],
      [byName(main, answerLabel('what_happens', 'page_wont_load')), 'answer'],
      [byName(main, answerLabel('app_or_network', 'other_apps_slow')), 'answer → cause'],
      [byName(main, zhHans.solved_no), 'next cause'],
      [byName(banner, zhHans.back), 'back'],
      [byName(banner, zhHans.back), 'back'],
      [byName(banner, zhHans.back), 'back'],
      [byName(banner, zhHans.back), 'back'],
    ];
    await kiosk.evaluate('window.__bench.resetEvents()');
    await floorPage.evaluate('window.__bench.resetEvents()');
    const started = performance.now();
    for (let i = 0; i < tapCount; i++) {
      const [target, kind] = cycle[i % cycle.length]!;
      await kioskTap(target, kind, true);
      // The floor tap once the kiosk's fade is over, well before its next tap.
      await sleep(lastClickNode + FADE_MS + frameJitter() - performance.now());
      await floorTap();
      if ((i + 1) % 250 === 0) log(`  taps: ${i + 1}/${tapCount} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    const walkFontBytes = fontBytes(await settledFonts(kiosk));
    const kioskPresented = interactionDurations((await kiosk.evaluate('window.__bench.events')) as EventEntry[], kioskTaps.length);
    const floorPresented = interactionDurations((await floorPage.evaluate('window.__bench.events')) as EventEntry[], floorTaps.length);

    // The other two languages, from the top bar, for the font total.
    for (const name of ['繁體中文', 'English']) {
      await sleep(lastClickNode + GUARD_MS - performance.now());
      await banner.getByRole('button', { name, exact: true }).click();
      lastClickNode = performance.now();
      await settledFonts(kiosk);
    }
    const customerResources = (await resources(kiosk)).filter((r) => new URL(r.name).pathname.startsWith('/assets/'));
    const allLocalesFontBytes = fontBytes(customerResources);

    const k = kioskTaps.map((t) => t.total);
    const f = floorTaps.map((t) => t.total);
    const kindP95 = [...new Set(kioskTaps.map((t) => t.kind))]
      .map((kind) => `${kind} ${percentile(kioskTaps.filter((t) => t.kind === kind).map((t) => t.total), 95).toFixed(1)}`)
      .join(', ');
    const dom = (xs: readonly TapResult[]) => percentile(xs.map((t) => t.toDom), 95).toFixed(1);
    if (process.env['BENCH_DEBUG']) {
      for (const [name, xs] of [['kiosk', kioskTaps], ['floor', floorTaps]] as const) {
        const q = (key: keyof TapResult) => [50, 95].map((p) => percentile(xs.map((t) => t[key]), p).toFixed(1)).join('/');
        log(`  ${name}: toClick ${q('toClick')} toDom ${q('toDom')} toFrame ${q('toFrame')} total ${q('total')}`);
      }
    }
    const p95 = percentile(k, 95);
    const floorP95 = percentile(f, 95);
    const group = 'tap to next screen painted';
    const rows: Row[] = [
      {
        group,
        measure: `tap → next screen painted p50 (${k.length} taps)`,
        value: percentile(k, 50),
        unit: 'ms',
        floor: percentile(f, 50),
        target: '—',
        pass: null,
        note: `pointerdown → first frame with the new screen; floor: static page, one button, same taps interleaved`,
      },
      {
        group,
        measure: 'tap → next screen painted p95',
        value: p95,
        unit: 'ms',
        floor: floorP95,
        target: '≤ floor + 16.7 ms (one frame)',
        pass: p95 - floorP95 <= 16.7,
        note: `p95 by tap (ms): ${kindP95}; pointerdown → new screen in the DOM p95 ${dom(kioskTaps)} (floor ${dom(floorTaps)}); ${ignored} taps swallowed by the guard and retried`,
      },
      { group, measure: 'tap → next screen painted p99', value: percentile(k, 99), unit: 'ms', floor: percentile(f, 99), target: '—', pass: null },
      {
        group,
        measure: 'tap → frame presented p95 (Event Timing)',
        value: percentile(kioskPresented, 95),
        unit: 'ms',
        floor: percentile(floorPresented, 95),
        target: '—',
        pass: null,
        note: `the browser's own figure (INP's): input timeStamp → presentation of the next frame, 8 ms granularity, reported only from 16 ms up (shorter ones count as 0 here); p50 ${percentile(kioskPresented, 50)} vs ${percentile(floorPresented, 50)}, p99 ${percentile(kioskPresented, 99)} vs ${percentile(floorPresented, 99)} ms; includes raster and compositing, which headless software rendering does on the same 2 cores`,
      },
      {
        group: 'load to interactive',
        measure: `load → interactive (first frame on screen), median of ${loads} (harness, Chromium)`,
        value: median(kioskLoads),
        unit: 'ms',
        floor: median(floorLoads),
        target: '≤ 1.5x',
        pass: median(kioskLoads) / median(floorLoads) <= 1.5,
        note: `navigation start → the first frame with content on screen (Paint Timing's first-contentful-paint, reported at presentation), which for the kiosk is the whole attract screen with its button, prerendered into index.html, taking taps from that frame (floor: a page with one button); ratio 95% bootstrap interval ${loadInterval.map((r) => `${r.toFixed(2)}x`).join('–')} (this run's sampling alone); p95 ${percentile(kioskLoads, 95).toFixed(0)} ms vs ${percentile(floorLoads, 95).toFixed(0)} ms; no HTTP cache (the harness sends no-store); the driver only listens while a page loads (a console message), it runs nothing in it`,
      },
      {
        group: 'load to interactive',
        measure: 'load → the same frame painted on the main thread',
        value: median(kioskPainted),
        unit: 'ms',
        floor: median(floorPainted),
        target: '—',
        pass: null,
        note: `the figure judged until 2026-12-07: requestAnimationFrame, then a task after that frame, once the button is in the DOM; the frame then still has to be rasterized (in software here, on one worker thread) and drawn, ${(median(kioskLoads) - median(kioskPainted)).toFixed(0)} ms more for the kiosk and ${(median(floorLoads) - median(floorPainted)).toFixed(0)} ms for the blank page at the median`,
      },
      {
        group: 'load to interactive',
        measure: 'load → app running (hydrated, a held tap acted on)',
        value: median(kioskRunning),
        unit: 'ms',
        floor: median(floorLoads),
        target: '—',
        pass: null,
        note: `navigation start → <html data-app> set, once hydration has attached the handlers; a tap since the first frame is replayed then (renderer/src/lib/early-taps.ts), ${(median(kioskRunning) - median(kioskPainted)).toFixed(0)} ms after the first frame was painted and ${relativeMs(median(kioskRunning) - median(kioskLoads))} it was on screen, at the median; p95 ${percentile(kioskRunning, 95).toFixed(0)} ms; the app's script is requested once the first frame is on screen (renderer/src/lib/after-paint.ts), its font stylesheet once the app has painted`,
      },
    ];
    return { rows, chromiumVersion, customerResources, firstFrameFontBytes, firstScreenFontBytes, walkFontBytes, allLocalesFontBytes };
  } finally {
    await browser.close();
    await harness.close();
    await new Promise<void>((r) => floor.server.close(() => r()));
  }
}
