/**
 * Renderer entry, kept tiny on purpose. index.html already holds the attract
 * screen, rendered at build time (build/first-frame.ts), so the first frame
 * needs no script. The app (start-app.ts) loads once that frame is painted,
 * takes over the prerendered page, and replays a tap that came before it.
 * No CSS here: index.html's one stylesheet is cut from the app's, which loads
 * with start-app.ts (the build refuses an entry stylesheet).
 */
import { afterNextPaint } from './lib/after-paint';
import { holdEarlyTaps } from './lib/early-taps';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const earlyTaps = holdEarlyTaps(document);
afterNextPaint(() => {
  import('./start-app')
    .then(({ startApp }) => startApp(target, earlyTaps))
    .catch((err: unknown) => console.error('the kiosk app did not start', err));
});
