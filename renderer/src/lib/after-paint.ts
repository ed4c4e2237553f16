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
