import { describe, expect, it } from 'vitest';
import { FONT_LICENSE_FILE, fontLicensePlugin, fontLicenseText } from './font-license';

describe("the fonts' licence", () => {
  it('names both fonts and carries the SIL Open Font License with its copyright notice', () => {
    const text = fontLicenseText();
    expect(text).toContain('@fontsource/noto-sans-sc and @fontsource/noto-sans-tc');
    expect(text).toContain('SIL OPEN FONT LICENSE Version 1.1');
    expect(text).toMatch(/Google/);
    // The two packages carry the same licence: it is written once.
    expect(text.match(/SIL OPEN FONT LICENSE Version 1\.1 - 26 February 2007/g)).toHaveLength(1);
  });

  it('is emitted at the top of the renderer build', () => {
    const emitted: { fileName?: string; source?: unknown }[] = [];
    const plugin = fontLicensePlugin();
    const hook = plugin.generateBundle as unknown as (this: { emitFile: (file: { fileName?: string; source?: unknown }) => string }) => void;
    hook.call({ emitFile: (file) => (emitted.push(file), 'ref') });
    expect(emitted).toEqual([{ type: 'asset', fileName: FONT_LICENSE_FILE, source: fontLicenseText() }]);
  });
});
