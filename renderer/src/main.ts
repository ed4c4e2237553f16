/**
 * Renderer entry. The fonts (fonts.ts) come after the first frame: that
 * frame shows the attract screen, and its button works, as soon as the app's
 * own script and styles are in.
 */
import './styles/base.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { afterNextPaint } from './lib/after-paint';
import { kiosk } from './lib/kiosk';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, {
  target,
  props: { client: kiosk() },
});

// Once the first frame has been painted, so neither the stylesheet's fetch nor the parse of its ~360
// rules can land before the attract screen is on screen and tappable.
afterNextPaint(() => {
  void import('./fonts').catch((err: unknown) => console.error('the bundled fonts did not load', err));
});
