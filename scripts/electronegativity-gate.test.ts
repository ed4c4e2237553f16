/**
 * The pure parts of scripts/electronegativity-gate.mjs: the strict CSV parser,
 * the annotation convention, the verdict. The scan itself (~10 s) runs as its
 * own step of npm test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { CSV_HEADER, annotationsFor, isShipped, judge, parseElectronegativityCsv } from './electronegativity-gate.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const WIKI = 'https://github.com/doyensec/electronegativity/wiki/';

function row(check: string, file: string, location: string, sample: string): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [check, q('MEDIUM'), q('FIRM'), q(file), q(location), q(sample), q('Review this'), WIKI + check].join(',');
}

describe('parseElectronegativityCsv', () => {
  it('reads rows with quoted commas, doubled quotes and CRLF line ends', () => {
    const text = [CSV_HEADER, row('SANDBOX_JS_CHECK', '/p/electron/a.ts', '12:4', 'new BrowserWindow({ a: "x", b })'), ''].join('\r\n');
    expect(parseElectronegativityCsv(text)).toEqual([
      {
        check: 'SANDBOX_JS_CHECK',
        severity: 'MEDIUM',
        confidence: 'FIRM',
        file: '/p/electron/a.ts',
        location: '12:4',
        line: 12,
        column: 4,
        sample: 'new BrowserWindow({ a: "x", b })',
        description: 'Review this',
      },
    ]);
  });

  it('reads a header-only file as no findings', () => {
    expect(parseElectronegativityCsv(`${CSV_HEADER}\n`)).toEqual([]);
  });

  it('refuses a CSV whose header was written over its first row (the tool write race)', () => {
    const rows = `${row('SANDBOX_JS_CHECK', '/p/a.ts', '1:0', 'x')}\n${row('AUXCLICK_JS_CHECK', '/p/a.ts', '1:0', 'x')}\n`;
    const garbled = `${CSV_HEADER}\n${rows.slice(CSV_HEADER.length + 1)}`;
    expect(() => parseElectronegativityCsv(garbled)).toThrow();
    expect(() => parseElectronegativityCsv(rows)).toThrow(/header/);
  });

  it('refuses rows with the wrong number of fields or a URL of another check', () => {
    expect(() => parseElectronegativityCsv(`${CSV_HEADER}\nSANDBOX_JS_CHECK,"LOW"\n`)).toThrow(/fields/);
    const wrongUrl = row('SANDBOX_JS_CHECK', '/p/a.ts', '1:0', 'x').replace(/SANDBOX_JS_CHECK$/, 'OTHER_CHECK');
    expect(() => parseElectronegativityCsv(`${CSV_HEADER}\n${wrongUrl}\n`)).toThrow(/URL/);
    expect(() => parseElectronegativityCsv(`${CSV_HEADER}\n${row('SANDBOX_JS_CHECK', '/p/a.ts', '1:0', 'unterminated').slice(0, -60)}`)).toThrow();
  });
});

describe('annotations', () => {
  const lines = [
    'const a = 1;', // 1
    '// electronegativity: SANDBOX_JS_CHECK — app.enableSandbox() sandboxes every renderer', // 2
    '// electronegativity: AUXCLICK_JS_CHECK, CONTEXT_ISOLATION_JS_CHECK -- every window.open is denied', // 3
    '//   and the options come from window.ts', // 4
    'const w = new BrowserWindow(options());', // 5
    '', // 6
    'const x = new BrowserWindow(options()); // electronegativity: SANDBOX_JS_CHECK - the options set sandbox: true', // 7
    '// electronegativity: SANDBOX_JS_CHECK — not adjacent: a blank line follows', // 8
    '', // 9
    'const y = new BrowserWindow(options());', // 10
    '<!-- electronegativity: CSP_GLOBAL_CHECK — self is app://kiosk, our own files only -->', // 11
    '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">', // 12
  ];

  it('are found in the comment lines directly above the flagged line, one or more checks each', () => {
    const found = annotationsFor(lines, 5);
    expect(found.flatMap((a: { checks: string[] }) => a.checks).sort()).toEqual(['AUXCLICK_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']);
    expect(found.find((a: { checks: string[] }) => a.checks.includes('AUXCLICK_JS_CHECK')).reason).toBe('every window.open is denied and the options come from window.ts');
  });

  it('are found on the flagged line itself and in HTML comments', () => {
    expect(annotationsFor(lines, 7)[0]).toMatchObject({ checks: ['SANDBOX_JS_CHECK'], reason: 'the options set sandbox: true' });
    expect(annotationsFor(lines, 12)[0]).toMatchObject({ checks: ['CSP_GLOBAL_CHECK'], reason: 'self is app://kiosk, our own files only' });
  });

  it('do not reach over a blank or code line', () => {
    expect(annotationsFor(lines, 10)).toEqual([]);
    expect(annotationsFor(lines, 1)).toEqual([]);
  });
});

describe('judge', () => {
  const at = (file: string, line: number, check: string) => ({ check, severity: 'HIGH', confidence: 'FIRM', file, location: `${line}:0`, line, column: 0, sample: '', description: '' });
  const files: Record<string, string[]> = {
    [path.join('/p', 'electron', 'a.ts')]: ['// electronegativity: SANDBOX_JS_CHECK — ok', 'new BrowserWindow(o);', '// electronegativity: AUXCLICK_JS_CHECK — denied by the window open handler for every WebContents', 'new BrowserWindow(o);'],
  };
  const readLines = (file: string) => files[file] ?? [];

  it('explains annotated findings, refuses thin reasons and missing ones, lists test code apart', () => {
    const verdict = judge(
      [at('electron/a.ts', 2, 'SANDBOX_JS_CHECK'), at('electron/a.ts', 4, 'AUXCLICK_JS_CHECK'), at('electron/a.ts', 4, 'SANDBOX_JS_CHECK'), at('electron/x.test.ts', 3, 'SANDBOX_JS_CHECK')],
      readLines,
      '/p',
    );
    expect(verdict.explained.map((f: { check: string }) => f.check)).toEqual(['AUXCLICK_JS_CHECK']);
    expect(verdict.unexplained.map((f: { why: string }) => f.why)).toEqual([expect.stringMatching(/too short/), 'no annotation']);
    expect(verdict.ignored.map((f: { relative: string }) => f.relative)).toEqual(['electron/x.test.ts']);
  });

  it('treats only unit tests and the fake electron module as not shipped', () => {
    expect(isShipped('electron/handler-context.test.ts')).toBe(false);
    expect(isShipped('electron/test/fake-electron.ts')).toBe(false);
    expect(isShipped('electron/start-kiosk.ts')).toBe(true);
    expect(isShipped('electron/static/out-of-order.html')).toBe(true);
    expect(isShipped('electron/testing.ts')).toBe(true);
  });
});

describe('the annotations in electron/', () => {
  const linesOf = (file: string) => readFileSync(path.join(root, file), 'utf8').split(/\r?\n/);

  it('explain the kiosk window: its options come from window.ts, which the scanner cannot follow', () => {
    const lines = linesOf('electron/start-kiosk.ts');
    const line = lines.findIndex((l) => l.includes('new BrowserWindow(kioskWindowOptions(')) + 1;
    expect(line).toBeGreaterThan(0);
    const checks = annotationsFor(lines, line).flatMap((a: { checks: string[] }) => a.checks);
    expect(checks.sort()).toEqual(['AUXCLICK_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']);
  });

  it("explain 'self' in the out-of-order page's CSP", () => {
    const lines = linesOf('electron/static/out-of-order.html');
    const line = lines.findIndex((l) => l.includes('http-equiv="Content-Security-Policy"')) + 1;
    expect(annotationsFor(lines, line).flatMap((a: { checks: string[] }) => a.checks)).toEqual(['CSP_GLOBAL_CHECK']);
  });
});
