import type { PlazaContext } from '../context.js';
import type { JobHandlers } from './handlers.js';

/** Claims due outbox rows and runs them. (Being written: see the jobs brief.) */
export class JobWorker {
  constructor(
    readonly ctx: PlazaContext,
    readonly handlers: JobHandlers,
  ) {}

  start(): void {}

  stop(): void {}
}
