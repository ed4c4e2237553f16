/**
 * Runs `fn` once the next frame has been painted: a task posted from that
 * frame's animation callback runs after the frame's rendering. Start-up work
 * the first screen does not need (the font stylesheet, the kiosk's answers)
 * goes here, so it never lands between the attract screen's layout and its
 * paint. `fallbackMs` covers a window that produces no frames yet (Electron's
 * window stays hidden until ready-to-show).
 */
export function afterNextPaint(fn: () => void, fallbackMs = 250): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(run, fallbackMs);
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      run();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Runs `fn` once the page's first frame with content is on screen (Paint
 * Timing's first-contentful-paint, which Chromium reports at presentation),
 * not merely painted on the main thread. After that paint the compositor
 * still has to rasterize the whole screen, in software on one worker thread
 * where there is no GPU raster, and the app's start-up (fetching, compiling
 * and hydrating its chunk) competed with it for the CPU: in a trace on
 * 2026-12-07 the attract screen was painted at 120 ms and on screen at
 * 281 ms. A tap in between is held and replayed (lib/early-taps.ts), so a
 * later start loses nothing. `fallbackMs` covers a window not shown yet
 * (Electron shows it on ready-to-show) and a browser without Paint Timing.
 */
export function afterFirstContentfulPaint(fn: () => void, fallbackMs = 1000): void {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    afterNextPaint(fn, fallbackMs);
    return;
  }
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName('first-contentful-paint').length > 0) run();
  });
  const timer = setTimeout(run, fallbackMs);
  let done = false;
  function run(): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    observer.disconnect();
    fn();
  }
  observer.observe({ type: 'paint', buffered: true });
}
