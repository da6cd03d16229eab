import type { ErrorBody } from './errors.js';

/** The answer to every socket request: a result, or an error with a Plaza code. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type AckCallback<T> = (answer: Ack<T>) => void;
