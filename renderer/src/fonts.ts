/**
 * The bundled CJK fonts. The kiosk has no system CJK fonts and no network, so
 * they ship with the renderer; fontsource splits them by unicode-range, the
 * build keeps only the woff2 slices a fixed repertoire needs
 * (build/font-css.ts), and the browser loads only the slices a screen uses.
 *
 * Loaded by main.ts after the first frame, not as part of the entry
 * stylesheet: with ~360 @font-face rules in force, the first layout of the
 * attract screen costs several times more (each pending face is tried for
 * each run of text), and no slice has arrived by that frame anyway.
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-sans-tc/400.css';
import '@fontsource/noto-sans-tc/700.css';
