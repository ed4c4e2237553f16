/**
 * Step illustrations bundled with the renderer (renderer/src/illustrations),
 * looked up by the name a pack gives (`step.illustration`). A name with no
 * file shows no picture rather than a broken image.
 */
const files = import.meta.glob<string>('../illustrations/*.{svg,png,webp}', { eager: true, query: '?url', import: 'default' });

const byName = new Map(
  Object.entries(files).map(([path, url]) => [
    path.replace(/^.*\//, '').replace(/\.[^.]+$/, ''),
    url,
  ]),
);

export function illustrationUrl(name: string): string | null {
  return byName.get(name) ?? null;
}
