/**
 * A client for the task elements' tests and stories: the FakeClient (state, files…) with the
 * real SDK tasks capability over a FakeConnection and an in-memory tasks server, so the
 * elements are tested against the real views, optimistic changes and rollbacks.
 */
import type { PlazaClient } from '@plaza/sdk';
import type { Task } from '@plaza/protocol';
import { FakeConnection } from '../../../sdk/src/test-support/fake-connection.js';
import { FAKE_LIST_ID, FakeTasksServer } from '../../../sdk/src/test-support/fake-tasks-server.js';
import { PlazaTasks } from '../../../sdk/src/tasks/tasks-client.js';
import { FakeClient, demoSession } from './fake-client.js';

export { FAKE_LIST_ID, FakeTasksServer };

export class FakeTasksClient extends FakeClient {
  readonly connection = new FakeConnection();
  readonly server = new FakeTasksServer(this.connection);
  readonly tasks: PlazaTasks;

  constructor(userId = 'alice', name = 'Alice Chen') {
    super();
    this.tasks = new PlazaTasks({
      connection: this.connection,
      // FakeClient's listeners are what `client.on()` registered.
      emit: (event, payload) => void (this as any).emit(event, payload),
      report: () => undefined,
    });
    this.signIn(demoSession(userId, name));
    this.connection.session = demoSession(userId, name);
    this.connection.signIn(userId);
  }

  override get client(): PlazaClient {
    return this as unknown as PlazaClient;
  }
}

const DAY = 86_400_000;

/** A task list with tasks in every column: some overdue, one due soon, labels, a checklist. */
export function seedTasks(server: FakeTasksServer, options: { count?: number; overdue?: number } = {}): Task[] {
  const now = Date.now();
  server.members = [
    { userId: 'alice', name: 'Alice Chen', role: 'owner' },
    { userId: 'zhang.wei', name: '张伟', role: 'editor' },
    { userId: 'li.na', name: '李娜', role: 'editor' },
  ];
  const titles = [
    'Draft launch announcement',
    'Review pricing page',
    'Design hero banner',
    'Prepare press kit',
    'Localise onboarding emails',
    'QA the signup flow',
    'Book the launch webinar',
    'Update the changelog',
  ];
  const statuses = ['todo', 'in_progress', 'done'] as const;
  const count = options.count ?? 8;
  const overdue = options.overdue ?? 1;
  const tasks: Task[] = [];
  for (let i = 0; i < count; i += 1) {
    const late = i < overdue;
    tasks.push(
      server.add({
        title: titles[i % titles.length] + (i >= titles.length ? ` #${i + 1}` : ''),
        status: late ? 'todo' : statuses[i % 3],
        assignee: ['alice', 'zhang.wei', 'li.na'][i % 3],
        priority: (['normal', 'high', 'low', 'urgent'] as const)[i % 4],
        labels: i % 2 === 0 ? ['launch'] : ['design'],
        due: late ? new Date(now - (i + 1) * DAY).toISOString() : i === overdue ? new Date(now + 3 * 3_600_000).toISOString() : new Date(now + (i + 2) * DAY).toISOString(),
        checklist:
          i === 0
            ? [
                { id: 'item-1', text: 'Outline', done: true, rank: 'i0', doneBy: 'alice', doneAt: null },
                { id: 'item-2', text: 'First draft', done: false, rank: 'i1', doneBy: null, doneAt: null },
              ]
            : [],
      }),
    );
  }
  return tasks;
}

/** A signed-in client with the seeded list. */
export function tasksWorkspace(options: { count?: number; overdue?: number; role?: 'owner' | 'editor' | 'viewer' } = {}) {
  const fake = new FakeTasksClient();
  fake.server.push = false;
  fake.server.list = { ...fake.server.list, role: options.role ?? 'owner' };
  const tasks = seedTasks(fake.server, options);
  fake.server.push = true;
  return { fake, server: fake.server, tasks };
}
