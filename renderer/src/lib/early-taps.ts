/**
 * The attract screen is painted from the prerendered HTML before the app's
 * script has loaded (build/first-frame.ts). A tap in that gap must not be
 * lost: the customer would tap again, or walk away. This holds the last
 * button tapped and clicks it again once the app has taken over the page.
 */
export interface EarlyTaps {
  /** Stops holding taps and replays the held one, if its button is still on the page. */
  release(): void;
}

/** The attribute on a held button (for tests and for anyone inspecting the page). */
export const HELD_TAP_ATTRIBUTE = 'data-held-tap';

export function holdEarlyTaps(root: Document): EarlyTaps {
  let held: HTMLButtonElement | null = null;
  const hold = (event: Event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button) return;
    // Nothing on the page can act on it yet; the replay is the one that counts.
    event.preventDefault();
    event.stopImmediatePropagation();
    held?.removeAttribute(HELD_TAP_ATTRIBUTE);
    held = button;
    button.setAttribute(HELD_TAP_ATTRIBUTE, '');
  };
  root.addEventListener('click', hold, true);
  return {
    release() {
      root.removeEventListener('click', hold, true);
      const button = held;
      held = null;
      if (!button) return;
      button.removeAttribute(HELD_TAP_ATTRIBUTE);
      if (button.isConnected) button.click();
    },
  };
}
