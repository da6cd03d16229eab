import type { Clock } from '../clock.js';

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/** A clock the tests move by hand, starting at `start` (default: now). */
export function manualClock(start = Date.now()): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
