/**
 * The code points the kiosk's bundled fonts draw, as the build keeps them
 * (build/font-css.ts), written to out/renderer/font-coverage.json for the
 * kiosk's pack import and computed the same way by `npm run pack:check`
 * (db/font-coverage.ts reads and applies it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { FONT_COVERAGE_FILE, type CodeRange, type FontCoverage } from '../db/font-coverage';
import { fontFaces, fontRepertoire, neededFaces, type FontScript } from './font-css';

const require = createRequire(import.meta.url);
/** The weights the kiosk uses (renderer/src/fonts.ts): a character counts only if each of them draws it. */
const WEIGHTS = ['400', '700'] as const;

/** Sorted, disjoint, non-adjacent ranges covering the same code points as `rs`. */
export function unionRanges(rs: readonly CodeRange[]): CodeRange[] {
  const sorted = [...rs].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The code points both normalized range lists hold. */
export function intersectRanges(xs: readonly CodeRange[], ys: readonly CodeRange[]): CodeRange[] {
  const out: CodeRange[] = [];
  let i = 0;
  let j = 0;
  while (i < xs.length && j < ys.length) {
    const a = Math.max(xs[i]![0], ys[j]![0]);
    const b = Math.min(xs[i]![1], ys[j]![1]);
    if (a <= b) out.push([a, b]);
    if (xs[i]![1] < ys[j]![1]) i++;
    else j++;
  }
  return unionRanges(out);
}

/** What the kept slices of one script draw in every weight. */
function scriptCoverage(script: FontScript, repertoire: Record<FontScript, Set<number>>): CodeRange[] {
  const perWeight = WEIGHTS.map((weight) => {
    const css = readFileSync(require.resolve(`@fontsource/noto-sans-${script}/${weight}.css`), 'utf8');
    return unionRanges(neededFaces(fontFaces(css), repertoire).flatMap((face) => face.ranges));
  });
  return perWeight.reduce((acc, rs) => intersectRanges(acc, rs));
}

/** The shipped fonts' coverage, from the same slices the build keeps. */
export function shippedFontCoverage(): FontCoverage {
  const repertoire = fontRepertoire();
  return { sc: scriptCoverage('sc', repertoire), tc: scriptCoverage('tc', repertoire) };
}

/** Vite plugin: font-coverage.json at the top of the renderer's build, read by the kiosk's pack import. */
export function fontCoveragePlugin(): Plugin {
  return {
    name: 'help-kiosk-font-coverage',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: FONT_COVERAGE_FILE, source: `${JSON.stringify(shippedFontCoverage())}\n` });
    },
  };
}
