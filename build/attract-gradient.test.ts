import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { GRADIENT_PICTURES, colourAt, gradientPixels, gradientPng, positionOnLine } from './attract-gradient';
import { ATTRACT_GRADIENT, attractGradientCss } from './attract-gradient-design';

const tokens = readFileSync(new URL('../renderer/src/styles/tokens.css', import.meta.url), 'utf8');

/** The colour of pixel (x, y) of a decoded PNG. */
function pixel(png: PNG, x: number, y: number): number[] {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

function near(actual: number[], expected: readonly number[], tolerance: number): boolean {
  return actual.every((c, i) => Math.abs(c - expected[i]!) <= tolerance);
}

describe("the attract screen's gradient pictures", () => {
  it.each(GRADIENT_PICTURES.map((p) => [p.file.split('/').pop()!, p] as const))('%s is committed as this file draws it', (_name, picture) => {
    const committed = PNG.sync.read(readFileSync(picture.file));
    expect({ width: committed.width, height: committed.height }).toEqual(picture.size);
    // Pixels, not bytes: another zlib may compress the same picture differently.
    expect(committed.data.equals(gradientPixels(picture)), 'run `npx tsx build/attract-gradient.ts` after changing the gradient').toBe(true);
  });

  it('runs from the first colour in the top left corner to the last in the bottom right, in both orientations', () => {
    const first = ATTRACT_GRADIENT.stops[0].rgb;
    const last = ATTRACT_GRADIENT.stops[2].rgb;
    for (const picture of GRADIENT_PICTURES) {
      const png = PNG.sync.read(gradientPng(picture));
      // A pixel's centre is half a (stretched) pixel in from the corner: within a level or two of the stop.
      expect(near(pixel(png, 0, 0), first, 2), `${picture.file}: ${pixel(png, 0, 0).join()}`).toBe(true);
      expect(near(pixel(png, png.width - 1, png.height - 1), last, 2), `${picture.file}: ${pixel(png, png.width - 1, png.height - 1).join()}`).toBe(true);
    }
  });

  it('places the corners on the gradient line as CSS does for a 160° angle: the start and end corners at its ends', () => {
    for (const [w, h] of [
      [1080, 1920],
      [1920, 1080],
    ] as const) {
      expect(positionOnLine(0, 0, w, h)).toBeCloseTo(0, 10);
      expect(positionOnLine(w, h, w, h)).toBeCloseTo(1, 10);
      expect(positionOnLine(w / 2, h / 2, w, h)).toBeCloseTo(0.5, 10);
    }
    // The top right corner is further along on a wide screen than on a tall one: each orientation needs its own picture.
    expect(positionOnLine(1080, 0, 1080, 1920)).toBeCloseTo(0.17, 3);
    expect(positionOnLine(1920, 0, 1920, 1080)).toBeCloseTo(0.393, 3);
  });

  it('mixes the stops in sRGB between them and holds the end colours beyond them', () => {
    expect(colourAt(0)).toEqual([0x0d, 0x55, 0x97]);
    expect(colourAt(0.45)).toEqual([0x0b, 0x4a, 0x85]);
    expect(colourAt(1)).toEqual([0x07, 0x2f, 0x57]);
    expect(colourAt(0.225)).toEqual([12, 79.5, 142]);
    expect(colourAt(-0.1)).toEqual(colourAt(0));
    expect(colourAt(1.1)).toEqual(colourAt(1));
  });

  it("has the palette's primary colour in the middle, which is what the page shows behind the picture", () => {
    const primary = /--color-primary:\s*#([0-9a-f]{6});/i.exec(tokens)![1]!;
    expect(ATTRACT_GRADIENT.stops[1].rgb.map((c) => c.toString(16).padStart(2, '0')).join('')).toBe(primary.toLowerCase());
    expect(attractGradientCss()).toBe('linear-gradient(160deg, #0d5597 0%, #0b4a85 45%, #072f57 100%)');
  });

  it('keeps each picture small: it is inlined into the stylesheet that holds up the first frame', () => {
    for (const picture of GRADIENT_PICTURES) expect(readFileSync(picture.file).length).toBeLessThan(2048);
  });
});
