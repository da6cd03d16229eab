import type { ActivityState } from '@plaza/protocol';

/** Input that shows someone is at the page. They bubble to the document, out of shadow roots too. */
export const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** The part of `document` the detector watches: input events and page visibility. */
export interface ActivitySource {
  readonly visibilityState: string;
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: () => void, options?: EventListenerOptions): void;
}

/** The clock and timers the detector uses; tests pass hand-moved ones. */
export interface IdleTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IdleDetectorOptions {
  idleAfterMs: number;
  source: ActivitySource;
  /** Called on every change of state (not on start). */
  onChange(state: ActivityState): void;
  timers?: IdleTimers;
}

const systemTimers: IdleTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Whether someone is at the page: `idle` after `idleAfterMs` without input or at once
 * when the page is hidden, `active` again on input or when it shows. Input only stamps a
 * time; one timer, re-armed for the rest of the period when it fires early, decides, so
 * a moving pointer costs no timer churn.
 *
 * @example
 * const detector = new IdleDetector({ idleAfterMs: 300_000, source: document, onChange: (s) => report(s) });
 * detector.start();
 */
export class IdleDetector {
  readonly #options: IdleDetectorOptions;
  readonly #timers: IdleTimers;
  #state: ActivityState = 'active';
  #lastInput = 0;
  #timer: unknown = null;
  #started = false;

  constructor(options: IdleDetectorOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
  }

  get state(): ActivityState {
    return this.#state;
  }

  /** Starts watching; a hidden page is idle at once (without a change call). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { source } = this.#options;
    for (const name of INPUT_EVENTS) source.addEventListener(name, this.#onInput, { passive: true, capture: true });
    source.addEventListener('visibilitychange', this.#onVisibility);
    this.#lastInput = this.#timers.now();
    if (source.visibilityState === 'hidden') this.#state = 'idle';
    else this.#arm(this.#options.idleAfterMs);
  }

  /** Stops watching and clears its timer; the state stays as it was. */
  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    const { source } = this.#options;
    for (const name of INPUT_EVENTS) source.removeEventListener(name, this.#onInput, { capture: true });
    source.removeEventListener('visibilitychange', this.#onVisibility);
    this.#disarm();
  }

  readonly #onInput = (): void => {
    this.#lastInput = this.#timers.now();
    if (this.#state === 'idle' && this.#options.source.visibilityState !== 'hidden') this.#becomeActive();
  };

  readonly #onVisibility = (): void => {
    if (this.#options.source.visibilityState === 'hidden') {
      this.#disarm();
      this.#set('idle');
    } else {
      this.#lastInput = this.#timers.now();
      this.#becomeActive();
    }
  };

  readonly #check = (): void => {
    this.#timer = null;
    const quiet = this.#timers.now() - this.#lastInput;
    if (quiet >= this.#options.idleAfterMs) this.#set('idle');
    else this.#arm(this.#options.idleAfterMs - quiet);
  };

  #becomeActive(): void {
    this.#arm(this.#options.idleAfterMs);
    this.#set('active');
  }

  #arm(ms: number): void {
    this.#disarm();
    this.#timer = this.#timers.setTimeout(this.#check, ms);
  }

  #disarm(): void {
    if (this.#timer === null) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(state: ActivityState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onChange(state);
  }
}
