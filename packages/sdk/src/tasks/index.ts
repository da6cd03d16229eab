/**
 * `@plaza/sdk/tasks`: registers `client.tasks` (lists, live views, task details,
 * optimistic changes, notifications). Part of `@plaza/sdk`. Also exports the small task
 * helpers UIs need (board order, overdue, the week of `due_this_week`), so an element can
 * use them without pulling the other capabilities in through `@plaza/sdk`.
 */
import { registerCapability } from '../capabilities.js';
import { PlazaTasks } from './tasks-client.js';

export { isOverdue } from './tasks-client.js';
export { STATUS_ORDER, boardOrder, matches as taskMatches, weekBounds } from './query.js';
export { compareByRank, rankBetween } from '@plaza/protocol';

registerCapability('tasks', ({ connection, emit, report }) => new PlazaTasks({ connection, emit, report }));
