/**
 * Rules about where renderer code may reach, checked over the source text
 * (Vite's import.meta.glob, so no Node types are needed here).
 */
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.svelte', '!../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

const importLine = /^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;

describe('renderer boundaries', () => {
  it('finds the sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it('imports only types from electron/ and db/ (values would pull zod or Node into the browser bundle)', () => {
    const offenders: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(importLine)) {
        const isType = m[1] !== undefined;
        const from = m[2] ?? '';
        if (/(^|\/)(electron|db)\//.test(from) && !isType) offenders.push(`${file}: ${m[0].trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('reads window.kiosk only in lib/kiosk.ts', () => {
    const offenders = Object.entries(sources)
      .filter(([file, text]) => file !== './kiosk.ts' && /\bwindow\s*(as[^)]*\))?\s*\.\s*kiosk|\bkiosk\?:\s*KioskApi/.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });

  it('has no inline style attributes (the CSP is style-src \'self\')', () => {
    const offenders = Object.entries(sources)
      .filter(([file, text]) => file.endsWith('.svelte') && /\sstyle\s*=/.test(text.replace(/<style[\s\S]*?<\/style>/g, '')))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
