import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@plaza/elements';
import './tasks.stories.css';
import type { PlazaTaskCreatedEvent, PlazaTaskOpenEvent, PlazaTaskUpdatedEvent } from '@plaza/elements';
import { FAKE_LIST_ID, tasksWorkspace } from '../packages/elements/src/test-support/fake-tasks.js';

interface Args {
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
  width: 360 | 720 | 1040;
}

type TaskEvent = PlazaTaskCreatedEvent | PlazaTaskUpdatedEvent | PlazaTaskOpenEvent;

/** Writes the element's events into the story's log, as text. */
function logEvent(event: TaskEvent): void {
  const log = (event.currentTarget as HTMLElement).parentElement?.querySelector('.log');
  if (!log) return;
  const line = document.createElement('li');
  line.textContent =
    event.type === 'plaza-task-open'
      ? `plaza-task-open: ${(event as PlazaTaskOpenEvent).detail.taskId}`
      : `${event.type}: ${(event as PlazaTaskCreatedEvent | PlazaTaskUpdatedEvent).detail.task.title}`;
  log.append(line);
}

/** The element over the real SDK tasks capability and an in-memory server: no Plaza server needed. */
function renderTasks(args: Args, view: 'list' | 'board', options: Parameters<typeof tasksWorkspace>[0] = {}, filter = '') {
  const { fake, server } = tasksWorkspace(options);
  // A reminder waiting in the badge.
  server.notify({ reminder: 'hour_before' });
  return html`
    <div lang=${args.lang} class="story story--${args.theme}">
      <plaza-task-list
        class="story__tasks story__tasks--w${args.width}"
        list=${FAKE_LIST_ID}
        view=${view}
        filter=${filter}
        theme=${args.theme}
        .client=${fake.client}
        @plaza-task-created=${logEvent}
        @plaza-task-updated=${logEvent}
        @plaza-task-open=${logEvent}
      ></plaza-task-list>
      <ul class="log" aria-label="Events"></ul>
    </div>
  `;
}

const meta: Meta<Args> = {
  title: 'Tasks/Task list',
  component: 'plaza-task-list',
  args: { lang: 'en', theme: 'light', width: 1040 },
  argTypes: {
    lang: { control: 'inline-radio', options: ['en', 'zh-CN'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    width: { control: 'inline-radio', options: [360, 720, 1040] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The task list with the SDK over an in-memory server: add a task with Enter, drag cards on the board or move them with Space and the arrow keys, open one for the drawer.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const List: Story = {
  render: (args) => renderTasks(args, 'list', { count: 8, overdue: 1 }),
};

export const Board: Story = {
  render: (args) => renderTasks(args, 'board', { count: 8, overdue: 1 }),
};

export const LongBoard: Story = {
  name: 'Board, 2,000 tasks',
  render: (args) => renderTasks(args, 'board', { count: 2000, overdue: 3 }),
};

export const Empty: Story = {
  render: (args) => renderTasks(args, 'board', { count: 0 }),
};

export const OverdueHeavy: Story = {
  name: 'Overdue-heavy',
  render: (args) => renderTasks(args, 'list', { count: 12, overdue: 9 }),
};

export const OverdueFilter: Story = {
  name: 'Filtered: overdue',
  render: (args) => renderTasks(args, 'board', { count: 12, overdue: 5 }, 'overdue'),
};

export const ReadOnly: Story = {
  name: 'Viewer (read-only)',
  render: (args) => renderTasks(args, 'board', { count: 6, role: 'viewer' }),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => renderTasks(args, 'board', { count: 8, overdue: 2 }),
};

export const Chinese: Story = {
  name: 'zh-CN',
  args: { lang: 'zh-CN' },
  render: (args) => renderTasks(args, 'board', { count: 8, overdue: 2 }),
};

export const Narrow: Story = {
  name: 'Narrow (360 px)',
  args: { width: 360 },
  render: (args) => renderTasks(args, 'board', { count: 8, overdue: 1 }),
};
