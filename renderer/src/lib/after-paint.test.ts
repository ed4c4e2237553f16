import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstContentfulPaint } from './after-paint';

type Entry = { name: string };
type Callback = (list: { getEntriesByName(name: string): Entry[] }) => void;

/** A stand-in for the browser's PerformanceObserver: the test delivers paint entries by hand. */
class FakePaintObserver {
  static supportedEntryTypes: readonly string[] = ['paint', 'event'];
  static live: FakePaintObserver[] = [];
  observed: unknown = null;
  disconnected = false;
  constructor(private readonly callback: Callback) {
    FakePaintObserver.live.push(this);
  }
  observe(options: unknown): void {
    this.observed = options;
  }
  disconnect(): void {
    this.disconnected = true;
  }
  deliver(...names: string[]): void {
    const entries = names.map((name) => ({ name }));
    this.callback({ getEntriesByName: (name) => entries.filter((e) => e.name === name) });
  }
}

describe('afterFirstContentfulPaint', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakePaintObserver.live = [];
    FakePaintObserver.supportedEntryTypes = ['paint', 'event'];
    vi.stubGlobal('PerformanceObserver', FakePaintObserver);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('starts once the first frame with content is on screen, not at first paint', () => {
    const start = vi.fn();
    afterFirstContentfulPaint(start);
    const observer = FakePaintObserver.live[0]!;
    expect(observer.observed).toEqual({ type: 'paint', buffered: true });
    observer.deliver('first-paint');
    expect(start).not.toHaveBeenCalled();
    observer.deliver('first-contentful-paint');
    expect(start).toHaveBeenCalledTimes(1);
    expect(observer.disconnected).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('starts anyway after the fallback when no frame reaches the screen (a window not shown yet)', () => {
    const start = vi.fn();
    afterFirstContentfulPaint(start, 1000);
    vi.advanceTimersByTime(999);
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(start).toHaveBeenCalledTimes(1);
    FakePaintObserver.live[0]!.deliver('first-contentful-paint');
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('falls back to the next painted frame in a browser without Paint Timing', async () => {
    vi.useRealTimers();
    FakePaintObserver.supportedEntryTypes = ['event'];
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    const start = vi.fn();
    afterFirstContentfulPaint(start, 60_000);
    expect(FakePaintObserver.live).toHaveLength(0);
    expect(frames).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(start).not.toHaveBeenCalled();
    frames[0]!(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(start).toHaveBeenCalledTimes(1);
  });
});
