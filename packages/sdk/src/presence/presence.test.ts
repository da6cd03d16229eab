import type { ActivityState } from '@plaza/protocol';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../options.js';
import { FakeConnection } from '../test-support/fake-connection.js';
import { IdleDetector, type ActivitySource, type IdleTimers } from './idle-detector.js';
import { PresenceTracker } from './presence.js';

const IDLE_MS = 300_000;

/** Timers moved by hand: `advance` runs whatever falls due, in order. */
function manualTimers(): IdleTimers & { advance(ms: number): void; pending(): number } {
  let now = 1_000_000;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      timers.set(++nextId, { at: now + ms, callback });
      return nextId;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

/** A document stand-in: input events and a visibility that tests flip. */
class FakePage extends EventTarget implements ActivitySource {
  visibilityState: 'visible' | 'hidden' = 'visible';

  input(type = 'pointermove'): void {
    this.dispatchEvent(new Event(type));
  }

  show(visible: boolean): void {
    this.visibilityState = visible ? 'visible' : 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

function detector(page = new FakePage(), timers = manualTimers()) {
  const changes: ActivityState[] = [];
  const idle = new IdleDetector({ idleAfterMs: IDLE_MS, source: page, timers, onChange: (state) => changes.push(state) });
  idle.start();
  return { idle, page, timers, changes };
}

describe('IdleDetector', () => {
  it('goes idle after the period without input, and active again on input', () => {
    const { idle, page, timers, changes } = detector();
    timers.advance(IDLE_MS - 1);
    expect(idle.state).toBe('active');
    timers.advance(1);
    expect(idle.state).toBe('idle');
    page.input('keydown');
    expect(idle.state).toBe('active');
    expect(changes).toEqual(['idle', 'active']);
  });

  it('counts the period from the last input', () => {
    const { idle, page, timers, changes } = detector();
    timers.advance(IDLE_MS - 10);
    page.input();
    timers.advance(IDLE_MS - 1);
    expect(idle.state).toBe('active');
    timers.advance(1);
    expect(idle.state).toBe('idle');
    expect(changes).toEqual(['idle']);
  });

  it('is idle while the page is hidden and active when it shows again', () => {
    const { idle, page, timers, changes } = detector();
    page.show(false);
    expect(idle.state).toBe('idle');
    expect(timers.pending()).toBe(0);
    page.input();
    expect(idle.state).toBe('idle');
    page.show(true);
    expect(idle.state).toBe('active');
    timers.advance(IDLE_MS);
    expect(changes).toEqual(['idle', 'active', 'idle']);
  });

  it('starts idle on a hidden page, and stops listening when stopped', () => {
    const page = new FakePage();
    page.visibilityState = 'hidden';
    const { idle, timers, changes } = detector(page);
    expect(idle.state).toBe('idle');
    idle.stop();
    page.show(true);
    timers.advance(IDLE_MS * 2);
    expect(idle.state).toBe('idle');
    expect(changes).toEqual([]);
  });
});

describe('PresenceTracker activity', () => {
  function tracked(idleAfterMs: number | false = IDLE_MS) {
    const connection = new FakeConnection();
    connection.handle('presence:set', (p) => ({ state: p.state }));
    const page = new FakePage();
    const timers = manualTimers();
    new PresenceTracker(connection, { idleAfterMs, source: page, timers });
    const sent = () => connection.requests.filter((r) => r.name === 'presence:set').map((r) => (r.payload as { state: string }).state);
    return { connection, page, timers, sent };
  }

  it('tells the server when the page goes idle and comes back', () => {
    const { connection, page, timers, sent } = tracked();
    connection.signIn();
    expect(sent()).toEqual([]);
    timers.advance(IDLE_MS);
    page.input();
    page.show(false);
    expect(sent()).toEqual(['idle', 'active', 'idle']);
  });

  it('says idle again after a reconnect, since a new socket starts active', () => {
    const { connection, page, sent } = tracked();
    page.show(false);
    expect(sent()).toEqual([]);
    connection.signIn();
    connection.drop();
    connection.signIn();
    expect(sent()).toEqual(['idle', 'idle']);
  });

  it('never idles with idleAfterMs false, nor where there is no document', () => {
    const { connection, page, timers, sent } = tracked(false);
    connection.signIn();
    timers.advance(IDLE_MS * 2);
    page.show(false);
    expect(sent()).toEqual([]);

    const node = new FakeConnection();
    new PresenceTracker(node, { idleAfterMs: IDLE_MS });
    node.signIn();
    expect(node.requests).toEqual([]);
  });

  it('takes idleAfterMs from the client options: 5 minutes by default, false or positive', () => {
    expect(resolveOptions({ url: 'http://x', token: 't' }).idleAfterMs).toBe(300_000);
    expect(resolveOptions({ url: 'http://x', token: 't', idleAfterMs: false }).idleAfterMs).toBe(false);
    expect(() => resolveOptions({ url: 'http://x', token: 't', idleAfterMs: 0 })).toThrow(/idleAfterMs/);
  });
});
