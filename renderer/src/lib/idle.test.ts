import { describe, expect, it } from 'vitest';
import { IdleWatch } from './idle.svelte';
import { fakeTimers } from './test/fake-timers';

function setup(options: { idleSeconds?: number; warnSeconds?: number } = {}) {
  const timers = fakeTimers();
  let timeouts = 0;
  const idle = new IdleWatch({ timers, onTimeout: () => timeouts++, ...options });
  return { timers, idle, timeouts: () => timeouts };
}

const S = 1000;

describe('idle watch ("Are you still there?", issue 4)', () => {
  it('is off until enabled: nothing happens on the attract screen', () => {
    const s = setup();
    s.timers.advance(3600 * S);
    expect(s.idle.phase).toBe('off');
    expect(s.timeouts()).toBe(0);
    expect(s.timers.pending).toBe(0);
  });

  it('warns after the quiet time, counts down each second, then times out once', () => {
    const s = setup({ idleSeconds: 90, warnSeconds: 20 });
    s.idle.enable(true);
    s.timers.advance(90 * S - 1);
    expect(s.idle.phase).toBe('watching');
    s.timers.advance(1);
    expect(s.idle.phase).toBe('warning');
    expect(s.idle.secondsLeft).toBe(20);
    s.timers.advance(1 * S);
    expect(s.idle.secondsLeft).toBe(19);
    s.timers.advance(18 * S);
    expect(s.idle.secondsLeft).toBe(1);
    expect(s.timeouts()).toBe(0);
    s.timers.advance(1 * S);
    expect(s.timeouts()).toBe(1);
    expect(s.idle.phase).toBe('off');
    // Once: no second warning, no second timeout, nothing left running.
    s.timers.advance(3600 * S);
    expect(s.timeouts()).toBe(1);
    expect(s.timers.pending).toBe(0);
  });

  it('restarts the quiet time on every touch', () => {
    const s = setup({ idleSeconds: 60 });
    s.idle.enable(true);
    s.timers.advance(59 * S);
    s.idle.touch();
    s.timers.advance(59 * S);
    expect(s.idle.phase).toBe('watching');
    s.timers.advance(1 * S);
    expect(s.idle.phase).toBe('warning');
  });

  it('ignores touches while warning: only "I\'m still here" brings the screen back', () => {
    const s = setup({ idleSeconds: 60, warnSeconds: 10 });
    s.idle.enable(true);
    s.timers.advance(60 * S + 3 * S);
    s.idle.touch();
    expect(s.idle.phase).toBe('warning');
    expect(s.idle.secondsLeft).toBe(7);
    s.idle.stillHere();
    expect(s.idle.phase).toBe('watching');
    // A full quiet time again before the next warning, and the old countdown is gone.
    s.timers.advance(59 * S);
    expect(s.idle.phase).toBe('watching');
    expect(s.timeouts()).toBe(0);
    s.timers.advance(1 * S + 10 * S);
    expect(s.timeouts()).toBe(1);
  });

  it('stops when disabled (back on the attract screen), even mid-countdown', () => {
    const s = setup({ idleSeconds: 30, warnSeconds: 5 });
    s.idle.enable(true);
    s.timers.advance(32 * S);
    s.idle.enable(false);
    expect(s.idle.phase).toBe('off');
    s.timers.advance(600 * S);
    expect(s.timeouts()).toBe(0);
    expect(s.timers.pending).toBe(0);
    s.idle.touch();
    s.idle.stillHere();
    expect(s.idle.phase).toBe('off');
  });

  it('does not restart the quiet time when enabled again while already watching', () => {
    const s = setup({ idleSeconds: 30 });
    s.idle.enable(true);
    s.timers.advance(20 * S);
    s.idle.enable(true);
    s.timers.advance(10 * S);
    expect(s.idle.phase).toBe('warning');
  });

  it('doubles the quiet time while an accessibility feature is on', () => {
    const s = setup({ idleSeconds: 90 });
    s.idle.setLonger(true);
    expect(s.idle.idleSeconds).toBe(180);
    s.idle.enable(true);
    s.timers.advance(179 * S);
    expect(s.idle.phase).toBe('watching');
    s.timers.advance(1 * S);
    expect(s.idle.phase).toBe('warning');
    s.idle.stillHere();
    s.idle.setLonger(false);
    s.timers.advance(90 * S);
    expect(s.idle.phase).toBe('warning');
  });

  it('takes the admin setting within its bounds and ignores anything else', () => {
    const s = setup();
    expect(s.idle.idleSeconds).toBe(90);
    s.idle.setIdleSeconds(45);
    expect(s.idle.idleSeconds).toBe(45);
    for (const bad of [0, 29, 601, 45.5, Number.NaN]) s.idle.setIdleSeconds(bad);
    expect(s.idle.idleSeconds).toBe(45);
    s.idle.enable(true);
    s.timers.advance(45 * S);
    expect(s.idle.phase).toBe('warning');
  });

  it('applies a new setting at once while watching', () => {
    const s = setup({ idleSeconds: 300 });
    s.idle.enable(true);
    s.timers.advance(10 * S);
    s.idle.setIdleSeconds(30);
    s.timers.advance(30 * S);
    expect(s.idle.phase).toBe('warning');
  });
});
