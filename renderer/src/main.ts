/**
 * Renderer entry. The fonts (fonts.ts) come after the first frame: that
 * frame shows the attract screen, and its button works, as soon as the app's
 * own script and styles are in.
 */
import './styles/base.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { kiosk } from './lib/kiosk';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, {
  target,
  props: { client: kiosk() },
});

// In the first frame's animation callback, so the stylesheet cannot land before that frame's layout;
// the timer covers a window that produces no frames yet (hidden until ready-to-show).
let fontsRequested = false;
function loadFonts(): void {
  if (fontsRequested) return;
  fontsRequested = true;
  void import('./fonts').catch((err: unknown) => console.error('the bundled fonts did not load', err));
}
requestAnimationFrame(loadFonts);
setTimeout(loadFonts, 250);
