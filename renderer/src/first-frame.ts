/**
 * The first frame, rendered at build time (build/first-frame.ts): the app as
 * it renders before it has heard from the kiosk, which is the attract screen
 * in the default language. The browser paints it from index.html alone; the
 * app then hydrates the same markup.
 */
import { render } from 'svelte/server';
import App from './App.svelte';
import { createKioskClient } from './lib/kiosk';

export function renderFirstFrame(): string {
  // No bridge at build time: every call would answer bridge_missing, and server rendering makes none.
  return render(App, { props: { client: createKioskClient(null) } }).body;
}
