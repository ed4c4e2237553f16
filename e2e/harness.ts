/**
 * Test-and-development shell: serves the built renderer on 127.0.0.1 and
 * answers `POST /api/<method>` with the same handler table as Electron's IPC.
 * A tiny bridge script defines `window.kiosk` over fetch. Never packaged.
 *
 *   npm run harness -- --port 5180 --data ./harness-data [--fresh] [--usb DIR] [--admin-pin PIN] [--demo-sessions N]
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openStore } from '../db/store';
import { ensureBundledPack } from '../db/content-import';
import { FONT_COVERAGE_FILE } from '../db/font-coverage';
import { handleCall, type HandlerContext } from '../electron/handlers';
import { SELF_TEST_IDS } from '../electron/api';
import { AccessTokens } from '../db/access-tokens';
import { isAdminConfigured, setInitialAdminPin } from '../db/pins';
import { prepareStoreAtStart } from '../db/kiosk-startup';
import { generateSessions } from '../db/test/generate-sessions';
import { addDays } from '../db/days';
import type { Pack } from '../db/content-schema';
import bundledPack from '../db/content/card-binding.json';
import { API_METHODS } from '../electron/api-methods';
import { CONTENT_SECURITY_POLICY } from '../electron/static-files';

const ROOT = resolve(__dirname, '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
/** The shell's own pages (out-of-order.html and its fonts), served beside the renderer as app:// does. */
const STATIC_DIR = join(ROOT, 'out', 'electron', 'static');
const MAX_BODY_BYTES = 64 * 1024;

/** Same policy as the Electron app:// protocol, except that fetch to our own origin is the bridge. */
export const HARNESS_CSP = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'");

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function bridgeScript(): string {
  return `"use strict";
(function () {
  var methods = ${JSON.stringify(API_METHODS)};
  var api = {};
  methods.forEach(function (name) {
    api[name] = function (arg) {
      return fetch('/api/' + name, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(arg === undefined ? {} : arg) })
        .then(function (r) { return r.json(); });
    };
  });
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(api), enumerable: true });
})();
`;
}

/** The name the harness's stand-in USB drive shows on the admin pages. */
export const HARNESS_USB_LABEL = 'USB-DRIVE';

function freeBytesOf(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

export interface HarnessOptions {
  port: number;
  dataDir: string;
  /**
   * A folder that stands in for the one USB drive plugged in: exports are written into it, and the
   * admin's pack import lists its .json files. Default: DATA/usb. No folder there = no drive plugged in.
   */
  usbDir?: string;
  /** Sets this admin PIN on a fresh store before serving (tests skip the first-start screen with it). */
  adminPin?: string;
  /** Seeds an empty store with this many generated sessions over the 30 days before today (dashboard, export). */
  demoSessions?: number;
}

export interface RunningHarness {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, csp = HARNESS_CSP): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function answerApi(ctx: HandlerContext, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let arg: unknown;
  try {
    const text = await readBody(req);
    arg = text === '' ? undefined : JSON.parse(text);
  } catch (err) {
    const error = { code: 'invalid_argument', message: `Request body is not valid JSON: ${(err as Error).message}`, details: [] };
    send(res, 200, 'application/json', JSON.stringify({ ok: false, error }));
    return;
  }
  send(res, 200, 'application/json', JSON.stringify(await handleCall(ctx, method, arg)));
}

/**
 * index.html with the bridge inline, allowed by its hash alone: like Electron's preload, it is in place
 * before the page's scripts without a request of its own. As a separate file it was a parser-blocking
 * request that the kiosk never makes, inside every start-up the bench measures.
 */
function harnessPage(html: string, bridge: string): { html: string; csp: string } {
  const hash = createHash('sha256').update(bridge, 'utf8').digest('base64');
  return {
    html: html.replace('<head>', `<head>\n    <script>${bridge}</script>`),
    csp: HARNESS_CSP.replace("script-src 'self'", `script-src 'self' 'sha256-${hash}'`),
  };
}

function serveStatic(urlPath: string, bridge: string, res: ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    send(res, 400, 'text/plain', 'bad path');
    return;
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const file = [RENDERER_DIR, STATIC_DIR]
    .map((dir) => ({ dir, path: resolve(dir, relative) }))
    .find(({ dir, path }) => path.startsWith(dir + sep) && existsSync(path) && statSync(path).isFile())?.path;
  if (!file) {
    send(res, 404, 'text/plain', 'not found');
    return;
  }
  if (file === join(RENDERER_DIR, 'index.html')) {
    const page = harnessPage(readFileSync(file, 'utf8'), bridge);
    send(res, 200, MIME['.html']!, page.html, page.csp);
    return;
  }
  send(res, 200, MIME[extname(file)] ?? 'application/octet-stream', readFileSync(file));
}

/** Builds what the harness serves if a checkout has not yet: the renderer, and the shell's static pages with their fonts. */
function ensureBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    execSync('npx vite build', { cwd: ROOT, stdio: 'inherit' });
  }
  if (!existsSync(join(STATIC_DIR, 'out-of-order-fonts.css'))) {
    execSync('npm run --silent build:electron', { cwd: ROOT, stdio: 'inherit' });
  }
}

export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  ensureBuilt();
  mkdirSync(options.dataDir, { recursive: true });
  const dbFile = join(options.dataDir, 'kiosk.db');
  const db = openStore(dbFile);
  ensureBundledPack(db);
  prepareStoreAtStart(db, { provisioningFile: join(options.dataDir, 'provisioning.json'), packKeysDir: join(options.dataDir, 'pack-keys') });
  if (options.adminPin && !isAdminConfigured(db)) await setInitialAdminPin(db, options.adminPin, new Date());
  if (options.demoSessions && (db.prepare('SELECT count(*) AS n FROM session').get() as { n: number }).n === 0) {
    const today = new Date().toISOString().slice(0, 10);
    generateSessions(db, { pack: bundledPack as Pack, sessions: options.demoSessions, from: addDays(today, -30), days: 30, seed: 7 });
  }
  const usbDir = options.usbDir ?? join(options.dataDir, 'usb');
  mkdirSync(usbDir, { recursive: true });
  const ctx: HandlerContext = {
    db,
    dbFile,
    tokens: new AccessTokens(),
    now: () => new Date(),
    // One drive while the folder exists: a test "unplugs" it by removing the folder.
    usbDrives: async () => (existsSync(usbDir) ? [{ path: usbDir, label: HARNESS_USB_LABEL, freeBytes: freeBytesOf(usbDir), dev: statSync(usbDir).dev }] : []),
    quit: () => console.log('harness: the admin asked the kiosk to quit (the harness keeps serving)'),
    fontCoverageFile: join(RENDERER_DIR, FONT_COVERAGE_FILE),
    // A development tool: packs signed with the committed development key are accepted, as in an unpackaged build.
    trustDevelopmentKey: true,
    // A browser tab closes none of the kiosk's escape paths: every check says so, none passes.
    selfTest: async () => ({
      shell: 'harness',
      checks: SELF_TEST_IDS.map((id) => ({ id, ok: false, detail: 'the browser harness is not a kiosk window' })),
    }),
  };
  const bridge = bridgeScript();

  const server = createServer(function onRequest(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'text/plain', 'POST only');
        return;
      }
      void answerApi(ctx, url.pathname.slice('/api/'.length), req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'GET only');
      return;
    }
    serveStatic(url.pathname, bridge, res);
  });

  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: the harness is never reachable from another machine.
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolveStart({
        url: `http://127.0.0.1:${port}/`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              db.close();
              done();
            });
          }),
      });
    });
  });
}

function parseArgs(argv: readonly string[]): HarnessOptions {
  let port = 5180;
  let dataDir = '';
  let usbDir: string | undefined;
  let adminPin: string | undefined;
  let demoSessions: number | undefined;
  let fresh = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port' && value !== undefined) {
      port = Number(value);
      i++;
    } else if (flag === '--data' && value !== undefined) {
      dataDir = value;
      i++;
    } else if (flag === '--usb' && value !== undefined) {
      usbDir = resolve(value);
      i++;
    } else if (flag === '--admin-pin' && value !== undefined) {
      adminPin = value;
      i++;
    } else if (flag === '--demo-sessions' && value !== undefined) {
      demoSessions = Number(value);
      if (!Number.isInteger(demoSessions) || demoSessions < 1 || demoSessions > 1_000_000) throw new Error(`--demo-sessions must be 1-1000000, got ${value}`);
      i++;
    } else if (flag === '--fresh') {
      fresh = true;
    } else {
      throw new Error(`Unknown argument "${flag}". Usage: npm run harness -- [--port 5180] [--data DIR] [--fresh] [--usb DIR] [--admin-pin PIN] [--demo-sessions N]`);
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${port}`);
  const dir = dataDir === '' ? mkdtempSync(join(tmpdir(), 'kiosk-harness-')) : resolve(dataDir);
  // Only ever a folder the caller named for the harness, never the default temp one's parent.
  if (fresh && dataDir !== '') rmSync(dir, { recursive: true, force: true });
  return {
    port,
    dataDir: dir,
    ...(demoSessions ? { demoSessions } : {}),
    ...(usbDir ? { usbDir } : {}),
    ...(adminPin ? { adminPin } : {}),
  };
}

if (require.main === module) {
  try {
    const options = parseArgs(process.argv.slice(2));
    startHarness(options).then(
      (h) => {
        console.log(`help-kiosk harness: ${h.url}  (data: ${options.dataDir})`);
        const stop = () => void h.close().then(() => process.exit(0));
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      },
      (err: Error) => {
        console.error(`harness failed to start: ${err.message}`);
        process.exit(1);
      },
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}
