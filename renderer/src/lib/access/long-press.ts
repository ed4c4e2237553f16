/**
 * The hidden gesture that opens the PIN pad: a press held still for about two
 * seconds (pointer events, so touch, pen and mouse alike; nothing on hover).
 * A short tap passes through untouched, so the customer's tap still starts.
 *
 * When the press fires, the screen under the finger changes; the click that
 * the browser sends when the finger lifts is swallowed so it cannot land on
 * whatever is under it now (a PIN pad key).
 */
import type { Attachment } from 'svelte/attachments';

export interface LongPressOptions {
  /** Whether a press starting with this event counts (e.g. it is on the emblem or in a corner). */
  hit: (event: PointerEvent) => boolean;
  /** Called once the press has been held for `ms`. */
  onpress: () => void;
  /** Hold time; default 2000 ms. */
  ms?: number;
  /** How far (px) the finger may drift before it is a swipe, not a press. */
  slop?: number;
}

/** Swallows the click that follows the lifting finger, and only that one (or none, after a short while). */
function swallowNextClick(): void {
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const done = () => {
    window.removeEventListener('click', swallow, true);
    window.removeEventListener('pointerup', released, true);
    window.removeEventListener('pointercancel', released, true);
    clearTimeout(expiry);
  };
  function swallow(event: MouseEvent) {
    event.preventDefault();
    event.stopPropagation();
    done();
  }
  // The click follows its pointerup at once; a real next tap cannot come within this window.
  function released() {
    clearTimeout(expiry);
    expiry = setTimeout(done, 80);
  }
  window.addEventListener('click', swallow, true);
  window.addEventListener('pointerup', released, true);
  window.addEventListener('pointercancel', released, true);
  expiry = setTimeout(done, 10_000);
}

export function longPress(options: LongPressOptions): Attachment<HTMLElement> {
  const ms = options.ms ?? 2000;
  const slop = options.slop ?? 24;
  return function attachLongPress(node) {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pointer: { id: number; x: number; y: number } | null = null;

    function cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pointer = null;
    }
    function fire() {
      timer = null;
      pointer = null;
      swallowNextClick();
      options.onpress();
    }
    function down(event: PointerEvent) {
      cancel();
      if (!event.isPrimary || !options.hit(event)) return;
      pointer = { id: event.pointerId, x: event.clientX, y: event.clientY };
      timer = setTimeout(fire, ms);
    }
    function move(event: PointerEvent) {
      if (!pointer || event.pointerId !== pointer.id) return;
      if (Math.hypot(event.clientX - pointer.x, event.clientY - pointer.y) > slop) cancel();
    }
    function up(event: PointerEvent) {
      if (pointer && event.pointerId === pointer.id) cancel();
    }
    // A held touch asks for a context menu; the kiosk has none.
    function contextmenu(event: Event) {
      if (pointer) event.preventDefault();
    }

    node.addEventListener('pointerdown', down);
    node.addEventListener('pointermove', move);
    node.addEventListener('pointerup', up);
    node.addEventListener('pointercancel', up);
    node.addEventListener('contextmenu', contextmenu);
    return () => {
      cancel();
      node.removeEventListener('pointerdown', down);
      node.removeEventListener('pointermove', move);
      node.removeEventListener('pointerup', up);
      node.removeEventListener('pointercancel', up);
      node.removeEventListener('contextmenu', contextmenu);
    };
  };
}
