/**
 * The bundled CJK fonts. The kiosk has no system CJK fonts and no network, so
 * they ship with the renderer; fontsource splits them by unicode-range, the
 * build keeps only the woff2 slices a fixed repertoire needs
 * (build/font-css.ts), and the browser loads only the slices a screen uses.
 *
 * Loaded by start-app.ts once the app has taken over the page, not as part of
 * the entry stylesheet: with ~360 @font-face rules in force, the first layout
 * of the attract screen costs several times more (each pending face is tried
 * for each run of text), and no slice has arrived by that frame anyway. Until
 * then, and while a screen's slices are coming, the 'First Frame' fonts (the
 * attract screen's characters only, build/first-frame-fonts.ts) draw the text.
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-sans-tc/400.css';
import '@fontsource/noto-sans-tc/700.css';
