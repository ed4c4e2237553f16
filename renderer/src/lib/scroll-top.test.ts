import { describe, expect, it } from 'vitest';
import { scrollToTop, type ScrollBox } from './scroll-top';

/** An element that counts scrollTo calls (each one is a forced layout in a browser). */
function box() {
  const target = new EventTarget();
  const node = {
    scrollTop: 0,
    calls: 0,
    scrollTo(options: ScrollToOptions) {
      node.calls++;
      node.scrollTop = options.top ?? node.scrollTop;
    },
    addEventListener: (type: 'scroll', listener: () => void, options: AddEventListenerOptions) => target.addEventListener(type, listener, options),
    removeEventListener: (type: 'scroll', listener: () => void) => target.removeEventListener(type, listener),
    /** The user (or the scroll hint) scrolls to `y`: the browser fires a scroll event afterwards. */
    scrollBy(y: number) {
      node.scrollTop = y;
      target.dispatchEvent(new Event('scroll'));
    },
  };
  return node satisfies ScrollBox;
}

describe('scrollToTop', () => {
  it('leaves an element that was never scrolled alone (no scrollTo, so no forced layout)', () => {
    const node = box();
    const top = scrollToTop();
    top.watch(node);
    top.toTop(node); // the first screen
    top.toTop(node); // the next one
    top.toTop(undefined); // not bound yet
    expect(node.calls).toBe(0);
  });

  it('scrolls a scrolled element back once, then not again until it is scrolled again', () => {
    const node = box();
    const top = scrollToTop();
    top.watch(node);
    node.scrollBy(600);
    top.toTop(node);
    expect([node.scrollTop, node.calls]).toEqual([0, 1]);
    top.toTop(node);
    expect(node.calls).toBe(1);
    node.scrollBy(200);
    top.toTop(node);
    expect([node.scrollTop, node.calls]).toEqual([0, 2]);
  });

  it('an element scrolled back to the top by hand needs nothing', () => {
    const node = box();
    const top = scrollToTop();
    top.watch(node);
    node.scrollBy(300);
    node.scrollBy(0);
    top.toTop(node);
    expect(node.calls).toBe(0);
  });

  it('stops listening when detached', () => {
    const node = box();
    const top = scrollToTop();
    const detach = top.watch(node);
    detach();
    node.scrollBy(300);
    top.toTop(node);
    expect(node.calls).toBe(0);
  });
});
