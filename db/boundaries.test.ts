/**
 * db/ is a plain Node library: it must not reach into the Electron shell, the
 * renderer or the DOM (DESIGN.md, "The four parts").
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

const importFrom = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('db/ boundaries', () => {
  const files = sourceFiles(__dirname);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(8);
  });

  it('imports nothing from electron, the Electron shell or the renderer', () => {
    const offenders: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(importFrom)) {
        const from = m[1] ?? m[2] ?? '';
        if (from === 'electron' || /(^|\/)(electron|renderer|e2e)\//.test(from) || /^\.\.\/(electron|renderer)/.test(from)) {
          offenders.push(`${relative(__dirname, file)}: ${from}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses no DOM globals', () => {
    const dom = /\b(window|document|localStorage|navigator)\s*\./;
    const offenders = files.filter((f) => dom.test(readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));
    expect(offenders.map((f) => relative(__dirname, f))).toEqual([]);
  });
});
