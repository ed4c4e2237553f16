/**
 * Starts the app on the page: hydrates the prerendered attract screen (same
 * DOM nodes, now with their handlers) or, with nothing prerendered (the Vite
 * dev server), mounts it. Then says so on <html data-app="running"> and
 * replays a tap that came while it loaded.
 */
// The page-wide rules first in the cascade, before every component's.
import './styles/base.css';
import { hydrate, mount } from 'svelte';
import App from './App.svelte';
import { afterNextPaint } from './lib/after-paint';
import type { EarlyTaps } from './lib/early-taps';
import { kiosk } from './lib/kiosk';

/** Set on <html> once the app's handlers are live. */
export const APP_RUNNING_ATTRIBUTE = 'data-app';

export function startApp(target: HTMLElement, earlyTaps: EarlyTaps): void {
  const start = target.firstChild ? hydrate : mount;
  start(App, { target, props: { client: kiosk() } });
  document.documentElement.setAttribute(APP_RUNNING_ATTRIBUTE, 'running');
  earlyTaps.release();
  // The font stylesheet (~360 @font-face rules) waits for a painted frame too, so its parse never
  // lands between the app's start and the frame that shows it.
  afterNextPaint(() => {
    void import('./fonts').catch((err: unknown) => console.error('the bundled fonts did not load', err));
  });
}
