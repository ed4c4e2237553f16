/**
 * Renderer entry, kept tiny on purpose. index.html already holds the attract
 * screen, rendered at build time (build/first-frame.ts), so the first frame
 * needs no script. The app (start-app.ts) loads once that frame is on
 * screen (lib/after-paint.ts says why not at its paint), takes over the
 * prerendered page, and replays a tap that came before it.
 * If it does not start, the page reloads, and in the end says out of order
 * (lib/failed-start.ts) rather than leave a screen that ignores every tap.
 * No CSS here: index.html's one stylesheet is cut from the app's, which loads
 * with start-app.ts (the build refuses an entry stylesheet).
 */
import { afterFirstContentfulPaint } from './lib/after-paint';
import { holdEarlyTaps } from './lib/early-taps';
import { recoverFromFailedStart, startSucceeded } from './lib/failed-start';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const earlyTaps = holdEarlyTaps(document);
const storage = () => sessionStorage;
afterFirstContentfulPaint(() => {
  import('./start-app')
    .then(({ startApp }) => {
      startApp(target, earlyTaps);
      startSucceeded(storage);
    })
    .catch((err: unknown) => {
      const recovery = recoverFromFailedStart(storage, { reload: () => location.reload(), replace: (url) => location.replace(url) });
      console.error(`the kiosk app did not start (${recovery.kind === 'reload' ? `reloading in ${recovery.inMs} ms` : 'showing the out-of-order page'})`, err);
    });
});
