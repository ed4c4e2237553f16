import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const tokens = readFileSync(new URL('../renderer/src/styles/tokens.css', import.meta.url), 'utf8');
/** The default theme: the first :root block (high contrast overrides come later). */
const root = tokens.slice(tokens.indexOf(':root'), tokens.indexOf('}', tokens.indexOf(':root')));

function token(name: string): string {
  const found = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(root);
  if (!found) throw new Error(`--${name} is not a #rrggbb colour in tokens.css`);
  return found[1]!;
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('design tokens', () => {
  it("draw a control's edge at 3:1 or more on the page and on cards (WCAG 1.4.11), so a secondary button reads as one under branch lighting", () => {
    for (const ground of ['color-surface', 'color-bg']) {
      expect(contrast(token('color-border-strong'), token(ground)), ground).toBeGreaterThanOrEqual(3);
    }
  });

  it('keep body text at 4.5:1 or more on the page and on cards', () => {
    for (const text of ['color-text', 'color-text-muted']) {
      for (const ground of ['color-surface', 'color-bg']) expect(contrast(token(text), token(ground)), `${text} on ${ground}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
