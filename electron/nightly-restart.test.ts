import { describe, expect, it } from 'vitest';
import { CHECK_EVERY_MS, decideRestart, isSupervised, scheduleNightlyRestart, type NightlyRestartOptions } from './nightly-restart';

/** A simulated kiosk: the minute checks run against a clock the test moves. */
function simulate(options: { startedAt: Date; hour: () => number | null; isIdle: (at: Date) => boolean }) {
  let clock = new Date(options.startedAt);
  let tick: (() => void) | undefined;
  let cleared = false;
  const restarts: Date[] = [];
  const logs: string[] = [];
  const opts: NightlyRestartOptions = {
    hour: options.hour,
    isIdle: () => options.isIdle(clock),
    restart: () => restarts.push(new Date(clock)),
    startedAt: options.startedAt,
    now: () => clock,
    setInterval: (run, ms) => {
      expect(ms).toBe(CHECK_EVERY_MS);
      tick = run;
      return 1;
    },
    clearInterval: () => {
      cleared = true;
    },
    log: (m) => logs.push(m),
  };
  const schedule = scheduleNightlyRestart(opts);
  return {
    schedule,
    restarts,
    logs,
    get cleared() {
      return cleared;
    },
    /** Runs the minute checks until `until`, as the real interval would. */
    runUntil(until: Date) {
      while (clock.getTime() < until.getTime()) {
        clock = new Date(clock.getTime() + CHECK_EVERY_MS);
        if (!cleared) tick?.();
      }
    },
    jumpTo(at: Date) {
      clock = new Date(at);
    },
  };
}

const local = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute, 0, 0);

describe('nightly restart window', () => {
  it('restarts once, at the start of the chosen hour, when nobody is using the kiosk', () => {
    const sim = simulate({ startedAt: local(10, 8), hour: () => 4, isIdle: () => true });
    sim.runUntil(local(12, 12));
    expect(sim.restarts).toEqual([local(11, 4, 0)]);
    expect(sim.cleared).toBe(true);
    expect(sim.logs).toContain('[kiosk] nightly restart');
  });

  it('never restarts when the window is off', () => {
    const sim = simulate({ startedAt: local(10, 8), hour: () => null, isIdle: () => true });
    sim.runUntil(local(13, 8));
    expect(sim.restarts).toEqual([]);
  });

  it('waits for a customer to finish, then restarts within the same hour', () => {
    const sim = simulate({ startedAt: local(10, 8), hour: () => 4, isIdle: (at) => at.getTime() >= local(11, 4, 31).getTime() });
    sim.runUntil(local(11, 6));
    expect(sim.restarts).toEqual([local(11, 4, 31)]);
    expect(sim.logs.filter((m) => m.includes('in use'))).toHaveLength(1);
  });

  it('skips a night the kiosk is in use for the whole hour and restarts the next night', () => {
    const sim = simulate({
      startedAt: local(10, 8),
      hour: () => 4,
      isIdle: (at) => !(at.getDate() === 11 && at.getHours() === 4),
    });
    sim.runUntil(local(12, 12));
    expect(sim.restarts).toEqual([local(12, 4, 0)]);
  });

  it('does not restart a process that started shortly before the window (a boot at 03:30)', () => {
    const sim = simulate({ startedAt: local(11, 3, 30), hour: () => 4, isIdle: () => true });
    sim.runUntil(local(11, 23));
    expect(sim.restarts).toEqual([]);
    sim.runUntil(local(12, 5));
    expect(sim.restarts).toEqual([local(12, 4, 0)]);
  });

  it('follows a change of hour made by the admin while running', () => {
    let hour: number | null = 4;
    const sim = simulate({ startedAt: local(10, 8), hour: () => hour, isIdle: () => true });
    sim.runUntil(local(11, 1));
    hour = 2;
    sim.runUntil(local(11, 6));
    expect(sim.restarts).toEqual([local(11, 2, 0)]);
  });

  it('treats a clock that jumped back before the start as just started', () => {
    const sim = simulate({ startedAt: local(10, 8), hour: () => 4, isIdle: () => true });
    sim.jumpTo(local(9, 3, 59));
    sim.runUntil(local(9, 5));
    expect(sim.restarts).toEqual([]);
  });

  it('keeps checking when the store cannot be read, and says why', () => {
    let failing = true;
    const sim = simulate({
      startedAt: local(10, 8),
      hour: () => {
        if (failing) throw new Error('database is locked');
        return 4;
      },
      isIdle: () => true,
    });
    sim.runUntil(local(11, 4, 2));
    expect(sim.restarts).toEqual([]);
    expect(sim.logs.some((m) => m.includes('nightly restart check failed: database is locked'))).toBe(true);
    failing = false;
    sim.runUntil(local(11, 4, 5));
    expect(sim.restarts).toEqual([local(11, 4, 3)]);
  });

  it('stops checking when cancelled', () => {
    const sim = simulate({ startedAt: local(10, 8), hour: () => 4, isIdle: () => true });
    sim.schedule.cancel();
    expect(sim.cleared).toBe(true);
    sim.runUntil(local(12, 8));
    expect(sim.restarts).toEqual([]);
  });

  it('explains each decision', () => {
    const started = local(10, 8);
    expect(decideRestart(local(11, 4), null, started, () => true)).toBe('off');
    expect(decideRestart(local(11, 5), 4, started, () => true)).toBe('outside_window');
    expect(decideRestart(local(10, 9), 9, started, () => true)).toBe('just_started');
    expect(decideRestart(local(11, 4), 4, started, () => false)).toBe('in_use');
    expect(decideRestart(local(11, 4), 4, started, () => true)).toBe('restart');
  });
});

describe('who starts the kiosk again after the restart', () => {
  it('is the supervisor when the launcher says so, otherwise the app itself', () => {
    const switches = (...names: string[]) => (name: string) => names.includes(name);
    expect(isSupervised(switches('supervised'))).toBe(true);
    expect(isSupervised(switches('js-flags'))).toBe(false);
    expect(isSupervised(switches())).toBe(false);
  });
});
