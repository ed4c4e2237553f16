/**
 * Pure rules for serving the built renderer: which file a URL names, its MIME
 * type, and the Content-Security-Policy sent with it. No Electron import, so
 * the e2e harness can serve with exactly the same policy.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Sent on every app:// response. No 'unsafe-inline' or 'unsafe-eval' anywhere:
 * Svelte 5 compiles to plain scripts and external CSS (style: directives go
 * through CSSOM, which CSP does not restrict), so markup needs neither. The UI
 * talks only through window.kiosk, hence connect-src 'none'. data: images stay
 * allowed because generated images (the qrcode package's toDataURL) use them,
 * and the attract screen's gradient pictures come inlined as data: URLs
 * (build/attract-gradient.ts).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // The fonts' licence: shown as text, never offered as a download.
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

/** octet-stream for anything unknown: with nosniff, the browser will not run it. */
export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every response carries, whatever its status. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

export type Resolution = { kind: 'file'; path: string } | { kind: 'refused'; reason: string };

/**
 * Maps an app://kiosk URL to a file inside `root`, or refuses it.
 *
 * The URL parser already folds `..` and `%2e%2e` segments, but encoded
 * separators (`..%2f`, `%5c`) survive parsing and only turn into traversal
 * after decoding, so the decoded path is checked segment by segment and the
 * final path must still lie inside `root`.
 */
export function resolveAppPath(root: string, rawUrl: string): Resolution {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'refused', reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { kind: 'refused', reason: 'foreign origin' };

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused', reason: 'bad percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', reason: 'forbidden character' };

  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return { kind: 'refused', reason: 'path traversal' };
  // A leading dot file (.env, .git) is never part of the build.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'refused', reason: 'hidden file' };

  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  // Unreachable after the segment check; kept so a later edit above cannot open a hole.
  if (!isInside(base, full)) return { kind: 'refused', reason: 'outside root' };
  return { kind: 'file', path: full };
}

/** True when `candidate` is `base` itself or below it. */
export function isInside(base: string, candidate: string): boolean {
  const rel = path.relative(base, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
