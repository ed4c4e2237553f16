import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppRequestHandler, mimeTypeFor, registerAppScheme, resolveAppPath, serveAppProtocol } from './protocol';
import { protocol, resetFakeElectron } from './test/fake-electron';

const root = '/srv/kiosk/out/renderer';

describe('resolveAppPath', () => {
  it('maps app://kiosk paths into the root, / to index.html', () => {
    expect(resolveAppPath(root, 'app://kiosk/index.html')).toEqual({ kind: 'file', path: `${root}/index.html` });
    expect(resolveAppPath(root, 'app://kiosk/')).toEqual({ kind: 'file', path: `${root}/index.html` });
    expect(resolveAppPath(root, 'app://kiosk/assets/app-1a2b.js?v=1#x')).toEqual({ kind: 'file', path: `${root}/assets/app-1a2b.js` });
    expect(resolveAppPath(root, 'app://kiosk/fonts/noto%20sans.woff2')).toEqual({ kind: 'file', path: `${root}/fonts/noto sans.woff2` });
  });

  it.each([
    'app://kiosk/../../etc/passwd',
    'app://kiosk/%2e%2e/%2e%2e/etc/passwd',
    'app://kiosk/assets/..%2f..%2f..%2fetc/passwd',
    'app://kiosk/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://kiosk/..%5c..%5cetc%5cpasswd',
    'app://kiosk/%2fetc%2fpasswd',
  ])('never resolves %s outside the root', (url) => {
    const result = resolveAppPath(root, url);
    if (result.kind === 'file') {
      // The URL parser folds plain ../ before we see it; what is left must stay inside.
      expect(result.path.startsWith(`${root}/`)).toBe(true);
    }
    expect(result).not.toEqual({ kind: 'file', path: '/etc/passwd' });
  });

  it('refuses encoded traversal even when it would land back inside the root', () => {
    expect(resolveAppPath(root, 'app://kiosk/assets/..%2findex.html').kind).toBe('refused');
  });

  it('refuses encoded separators, NUL, dot files and bad escapes', () => {
    expect(resolveAppPath(root, 'app://kiosk/assets/..%2f..%2fsecret').kind).toBe('refused');
    expect(resolveAppPath(root, 'app://kiosk/a%5cb').kind).toBe('refused');
    expect(resolveAppPath(root, 'app://kiosk/index.html%00.png').kind).toBe('refused');
    expect(resolveAppPath(root, 'app://kiosk/.env').kind).toBe('refused');
    expect(resolveAppPath(root, 'app://kiosk/%E0%A4%A').kind).toBe('refused');
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppPath(root, 'app://evil/index.html').kind).toBe('refused');
    expect(resolveAppPath(root, 'file:///srv/kiosk/out/renderer/index.html').kind).toBe('refused');
    expect(resolveAppPath(root, 'https://kiosk/index.html').kind).toBe('refused');
    expect(resolveAppPath(root, 'not a url').kind).toBe('refused');
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['f.woff2', 'font/woff2'],
    ['f.woff', 'font/woff'],
    ['i.svg', 'image/svg+xml'],
    ['i.PNG', 'image/png'],
    ['d.json', 'application/json; charset=utf-8'],
    ['fonts-LICENSE.txt', 'text/plain; charset=utf-8'],
    ['x.exe', 'application/octet-stream'],
  ])('%s is %s', (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows scripts from the app only: no inline, no eval', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('locks everything else down', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('font-src')).toEqual(["'self'"]);
  });
});

describe('app protocol', () => {
  let dir: string;
  let rendererRoot: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kiosk-protocol-'));
    rendererRoot = path.join(dir, 'renderer');
    mkdirSync(path.join(rendererRoot, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(path.join(rendererRoot, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(rendererRoot, 'assets', 'link.txt'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(resetFakeElectron);

  const get = (url: string, method = 'GET') => createAppRequestHandler(rendererRoot)(new Request(url, { method }));

  it('registers app as a privileged standard, secure, fetch-capable scheme', () => {
    registerAppScheme();
    expect(protocol.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
    expect(protocol.privilegedSchemes[0]?.privileges).not.toHaveProperty('bypassCSP', true);
  });

  it('serves files through protocol.handle with type and CSP', async () => {
    serveAppProtocol(rendererRoot);
    const handler = protocol.handlers.get('app');
    expect(handler).toBeDefined();
    const response = await handler!(new Request('app://kiosk/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('serves index.html for the root', async () => {
    const response = await get('app://kiosk/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>kiosk</title>');
  });

  it('answers 404 with the CSP for a missing file or a directory', async () => {
    for (const url of ['app://kiosk/nope.js', 'app://kiosk/assets']) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/assets/..%2f..%2fsecret.txt',
    'app://kiosk/%2e%2e%2fsecret.txt',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/assets/link.txt',
  ])('never serves a file outside the root: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('app://kiosk/index.html', 'POST')).status).toBe(405);
    const head = await get('app://kiosk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('createAppRequestHandler with a fallback root', () => {
  it('serves the static out-of-order page beside the renderer, and still refuses what neither has', async () => {
    const join = path.join;
    const renderer = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
    const statics = mkdtempSync(join(tmpdir(), 'kiosk-static-'));
    writeFileSync(join(renderer, 'index.html'), '<p>kiosk</p>');
    writeFileSync(join(statics, 'out-of-order.html'), '<p>out of order</p>');
    const handle = createAppRequestHandler(renderer, statics);
    expect(await (await handle(new Request('app://kiosk/index.html'))).text()).toBe('<p>kiosk</p>');
    const page = await handle(new Request('app://kiosk/out-of-order.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect((await handle(new Request('app://kiosk/missing.html'))).status).toBe(404);
    expect((await handle(new Request('app://kiosk/../../etc/passwd'))).status).toBe(404);
  });
});
