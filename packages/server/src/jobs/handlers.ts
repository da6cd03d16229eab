import type { PlazaContext } from '../context.js';

export type JobHandlers = Record<string, (payload: unknown) => Promise<void>>;

/** Every job kind and what runs it. (Being written: see the jobs brief.) */
export function jobHandlers(_ctx: PlazaContext): JobHandlers {
  return {};
}
