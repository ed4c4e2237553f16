/**
 * Renderer entry. The kiosk has no system CJK fonts and no network, so the
 * fonts are bundled; fontsource splits them by unicode-range and the browser
 * loads only the slices a screen actually uses.
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '@fontsource/noto-sans-tc/400.css';
import '@fontsource/noto-sans-tc/700.css';
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
