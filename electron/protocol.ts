/**
 * Serves the built renderer at app://kiosk/ instead of file://, so the page
 * has a real origin the CSP, IPC sender check and navigation lock can name.
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
import { promises as fs } from 'node:fs';
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { isInside, mimeTypeFor, resolveAppPath, securityHeaders } from './static-files';

export { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveAppPath } from './static-files';

/**
 * Must run before app 'ready': Chromium fixes its scheme registry at startup.
 * standard: relative URLs and a real origin; secure: treated like https;
 * supportFetchAPI: lets the page fetch its own assets; corsEnabled: Vite emits
 * `<script type="module" crossorigin>` and fonts load in CORS mode, both of
 * which Chromium refuses on schemes it does not know as CORS-capable.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/**
 * Starts serving files from `root` (out/renderer, or the out-of-order page's folder).
 * Returns the handler, so the installer self-test can ask it what it really sends.
 */
export function serveAppProtocol(root: string, fallbackRoot?: string): (request: Request) => Promise<Response> {
  const handler = createAppRequestHandler(root, fallbackRoot);
  protocol.handle(APP_SCHEME, handler);
  return handler;
}

/**
 * The handler itself, separate so tests can call it with a plain Request.
 * Never throws: every failure is an HTTP status with the CSP still attached.
 */
export function createAppRequestHandler(root: string, fallbackRoot?: string): (request: Request) => Promise<Response> {
  const primary = createRootHandler(root);
  if (fallbackRoot === undefined) return primary;
  // The static pages (out-of-order.html) next to the renderer: what recovery shows when the renderer keeps crashing.
  const fallback = createRootHandler(fallbackRoot);
  return async function handleAppRequestWithFallback(request: Request): Promise<Response> {
    const first = await primary(request);
    return first.status === 404 ? fallback(request) : first;
  };
}

function createRootHandler(root: string): (request: Request) => Promise<Response> {
  return async function handleAppRequest(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const resolution = resolveAppPath(root, request.url);
    if (resolution.kind === 'refused') return plain(404, 'Not Found');
    try {
      // realpath: a symlink inside the build must not lead outside it.
      const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(resolution.path)]);
      if (!isInside(realRoot, realFile)) return plain(404, 'Not Found');
      const body = await fs.readFile(realFile);
      const headers = { ...securityHeaders(), 'Content-Type': mimeTypeFor(realFile) };
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
    } catch {
      // Missing file, a directory, unreadable: all the same to the page.
      return plain(404, 'Not Found');
    }
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}
