/**
 * The attract screen's background: the brand gradient as two small pictures
 * (portrait and landscape), which the compositor stretches over the screen.
 *
 * Why not a CSS gradient: Chromium paints a CSS gradient into every 256-pixel
 * tile the screen is cut into, 40 of them at 1080x1920, and without GPU raster
 * (this machine; a kiosk PC with a weak or blocklisted GPU) that is done on
 * one CPU thread before the first frame can be shown. A picture that is the
 * only thing on its layer is rasterized at its own size instead, one tile,
 * and scaled on the way to the screen (cc's "directly composited image").
 * A linear gradient loses nothing by it: bilinear scaling of a linear ramp is
 * the same ramp. Measured in BENCHMARKS.md ("What each change bought").
 *
 * The pictures are committed (renderer/src/styles/attract-gradient-*.png) and
 * inlined into the stylesheet by the build (vite.config.mts), so the first
 * frame needs no request for them. After changing the colours or the angle,
 * run `npx tsx build/attract-gradient.ts`; build/attract-gradient.test.ts
 * fails while the committed pictures differ from what this file draws.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { ATTRACT_GRADIENT } from './attract-gradient-design';

export interface GradientPicture {
  file: string;
  /** The screen shape it is drawn for (CSS pixels); the gradient's geometry depends on it. */
  screen: { width: number; height: number };
  /** Its own size: 1/16 of the screen, small enough for one tile, large enough for a smooth ramp. */
  size: { width: number; height: number };
}

const STYLES_DIR = fileURLToPath(new URL('../renderer/src/styles/', import.meta.url));

export const GRADIENT_PICTURES: readonly GradientPicture[] = [
  { file: `${STYLES_DIR}attract-gradient-portrait.png`, screen: { width: 1080, height: 1920 }, size: { width: 68, height: 120 } },
  { file: `${STYLES_DIR}attract-gradient-landscape.png`, screen: { width: 1920, height: 1080 }, size: { width: 120, height: 68 } },
];

/** The gradient's colour at `t` (0 at the start of its line, 1 at the end), interpolated in sRGB as CSS does. */
export function colourAt(t: number): [number, number, number] {
  const stops = ATTRACT_GRADIENT.stops;
  const clamped = Math.min(1, Math.max(0, t));
  // The last stop is at 1, so some stop is always at or past `clamped`.
  const to = Math.max(1, stops.findIndex((stop) => clamped <= stop.at));
  const [from, until] = [stops[to - 1]!, stops[to]!];
  const f = (clamped - from.at) / (until.at - from.at);
  return [0, 1, 2].map((c) => from.rgb[c]! + (until.rgb[c]! - from.rgb[c]!) * f) as [number, number, number];
}

/**
 * Where the point (x, y) of a `width` x `height` box falls on the gradient line, as CSS Images 3
 * defines it for an angle: the line runs through the centre, and is long enough that its ends'
 * perpendiculars pass through the box's corners.
 */
export function positionOnLine(x: number, y: number, width: number, height: number): number {
  const angle = (ATTRACT_GRADIENT.angleDeg * Math.PI) / 180;
  const dx = Math.sin(angle);
  const dy = -Math.cos(angle);
  const length = Math.abs(width * dx) + Math.abs(height * dy);
  return ((x - width / 2) * dx + (y - height / 2) * dy) / length + 0.5;
}

/** The picture's pixels (RGBA), each the gradient's colour at that pixel's centre on the full screen. */
export function gradientPixels(picture: Pick<GradientPicture, 'screen' | 'size'>): Buffer {
  const { screen, size } = picture;
  const data = Buffer.alloc(size.width * size.height * 4);
  for (let row = 0; row < size.height; row++) {
    for (let col = 0; col < size.width; col++) {
      const x = ((col + 0.5) * screen.width) / size.width;
      const y = ((row + 0.5) * screen.height) / size.height;
      const [r, g, b] = colourAt(positionOnLine(x, y, screen.width, screen.height));
      data.set([Math.round(r), Math.round(g), Math.round(b), 255], (row * size.width + col) * 4);
    }
  }
  return data;
}

/** The picture as a PNG file (RGB, no alpha). */
export function gradientPng(picture: Pick<GradientPicture, 'screen' | 'size'>): Buffer {
  const png = new PNG({ width: picture.size.width, height: picture.size.height });
  gradientPixels(picture).copy(png.data);
  // Paeth filtering and zlib's default strategy: about 1 kB each (pngjs's default, run-length, is four times that).
  return PNG.sync.write(png, { colorType: 2, deflateLevel: 9, deflateStrategy: 0, filterType: 4 });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const picture of GRADIENT_PICTURES) {
    writeFileSync(picture.file, gradientPng(picture));
    console.log(`wrote ${picture.file}`);
  }
}
