/**
 * "A new screen starts at the top" without a forced layout on every screen
 * change: `scrollTo` makes the browser lay out the page inside the script
 * (before the new screen's first frame), even when the element is already at
 * the top, which it is unless someone scrolled it. So a passive scroll
 * listener remembers whether the element has been scrolled away from the top,
 * and `toTop` only scrolls then.
 */

/** The part of an element this needs (a fake in tests). */
export interface ScrollBox {
  scrollTop: number;
  scrollTo(options: ScrollToOptions): void;
  addEventListener(type: 'scroll', listener: () => void, options: AddEventListenerOptions): void;
  removeEventListener(type: 'scroll', listener: () => void): void;
}

export interface ScrollToTop {
  /** Attach to the scrolling element (an attachment: returns the cleanup). */
  watch(node: ScrollBox): () => void;
  /** A new screen: back to the top if the element was scrolled; nothing (no layout) if it was not. */
  toTop(node: ScrollBox | undefined): void;
}

export function scrollToTop(): ScrollToTop {
  let scrolled = false;
  return {
    watch(node) {
      // Scroll events come after the browser has scrolled, with layout done: reading scrollTop here is free.
      const seen = () => {
        scrolled = node.scrollTop > 0;
      };
      node.addEventListener('scroll', seen, { passive: true });
      return () => node.removeEventListener('scroll', seen);
    },
    toTop(node) {
      if (!node || !scrolled) return;
      scrolled = false;
      node.scrollTo({ top: 0 });
    },
  };
}
