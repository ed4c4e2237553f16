/**
 * The attract screen's brand gradient, as designed. build/attract-gradient.ts
 * draws it into the pictures the screen shows; the end-to-end test
 * (e2e/first-frame.spec.ts) compares what is on screen with Chromium's own
 * drawing of `attractGradientCss()`.
 */
export const ATTRACT_GRADIENT = {
  angleDeg: 160,
  stops: [
    { at: 0, rgb: [0x0d, 0x55, 0x97] },
    // The palette's primary colour (renderer/src/styles/tokens.css --color-primary).
    { at: 0.45, rgb: [0x0b, 0x4a, 0x85] },
    { at: 1, rgb: [0x07, 0x2f, 0x57] },
  ],
} as const;

const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** The gradient as CSS: linear-gradient(160deg, #0d5597 0%, #0b4a85 45%, #072f57 100%). */
export function attractGradientCss(): string {
  const stops = ATTRACT_GRADIENT.stops.map((s) => `${hex(s.rgb)} ${Math.round(s.at * 100)}%`);
  return `linear-gradient(${ATTRACT_GRADIENT.angleDeg}deg, ${stops.join(', ')})`;
}
