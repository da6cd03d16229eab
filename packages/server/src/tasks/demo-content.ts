import type { ListRole, TaskPriority, TaskStatus } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import { userActor } from './access.js';
import { TaskLists } from './lists.js';
import { TaskService } from './service.js';

const HOUR = 3_600_000;

interface DemoTask {
  title: string;
  description?: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  creator: string;
  assignee?: string;
  watchers?: string[];
  labels?: string[];
  /** Hours from now, rounded to the hour; negative is overdue. */
  dueInHours?: number;
  checklist?: string[];
  comments?: [author: string, text: string][];
}

interface DemoList {
  name: string;
  description: string;
  owner: string;
  visibility: 'private' | 'department';
  department?: string;
  departmentRole?: 'editor' | 'viewer';
  partnerOrgs?: string[];
  members: [userId: string, role: ListRole][];
  tasks: DemoTask[];
}

const LISTS: DemoList[] = [
  {
    name: 'Q3 发布 · Q3 launch',
    description: '市场部牵头，研发与设计协作 · Marketing leads, R&D and design deliver',
    owner: 'li.na',
    visibility: 'department',
    department: 'marketing',
    departmentRole: 'editor',
    members: [
      ['alice', 'editor'],
      ['bob', 'editor'],
      ['liu.yang', 'editor'],
      ['chen.jing', 'editor'],
    ],
    tasks: [
      {
        title: '新闻稿定稿 · Finalise the press release',
        description: 'Launch date is **Sept 18**. Quotes from 张伟 and Alice.',
        status: 'in_progress',
        priority: 'high',
        creator: 'li.na',
        assignee: 'wang.fang',
        watchers: ['zhang.wei'],
        labels: ['press'],
        dueInHours: 20,
        checklist: ['Draft', 'Legal review', 'Translate to English'],
        comments: [['zhang.wei', '请周三前给我过目。Please send it to me by Wednesday.']],
      },
      {
        title: 'Feature freeze',
        description: 'No new features after this; fixes only.',
        priority: 'urgent',
        creator: 'li.na',
        assignee: 'alice',
        watchers: ['bob', 'li.na'],
        labels: ['rnd', 'milestone'],
        dueInHours: 2,
      },
      {
        title: '落地页截图换成深色主题 · Dark-theme screenshots for the landing page',
        creator: 'bob',
        assignee: 'chen.jing',
        labels: ['design'],
        dueInHours: -26,
        comments: [['chen.jing', '明天上午交付 · Delivering tomorrow morning']],
      },
      {
        title: 'Performance test report',
        description: 'API latency down **35%** — attach the charts.',
        status: 'done',
        creator: 'alice',
        assignee: 'liu.yang',
        labels: ['rnd'],
        dueInHours: -48,
      },
      {
        title: '发布会场地确认 · Confirm the launch venue',
        priority: 'high',
        creator: 'chen.jing',
        assignee: 'zhang.wei',
        labels: ['event'],
        dueInHours: -3,
      },
      {
        title: 'QA regression plan',
        status: 'in_progress',
        creator: 'alice',
        assignee: 'bob',
        labels: ['rnd', 'qa'],
        dueInHours: 72,
        checklist: ['Smoke tests', 'Upgrade path', 'Mobile browsers'],
      },
      {
        title: '社交媒体预热 · Social media teasers',
        creator: 'li.na',
        assignee: 'wang.fang',
        labels: ['press'],
        dueInHours: 120,
      },
      { title: 'Release candidate build', creator: 'alice', assignee: 'liu.yang', labels: ['rnd', 'milestone'], dueInHours: 200 },
    ],
  },
  {
    name: 'Northwind integration',
    description: 'Shared with Northwind · 与 Northwind 共享',
    owner: 'carol',
    visibility: 'private',
    partnerOrgs: ['northwind'],
    members: [
      ['dave', 'editor'],
      ['zhang.wei', 'viewer'],
      ['erin', 'editor'],
    ],
    tasks: [
      {
        title: 'Send the integration spec',
        status: 'in_progress',
        creator: 'carol',
        assignee: 'erin',
        watchers: ['carol'],
        labels: ['partner'],
        dueInHours: 30,
        comments: [['erin', 'Draft is 80% done — sharing on Thursday.']],
      },
      { title: 'Sandbox credentials for Northwind', creator: 'carol', assignee: 'dave', labels: ['partner'], dueInHours: -5, priority: 'high' },
      { title: 'Kick-off call notes', status: 'done', creator: 'dave', assignee: 'carol', dueInHours: -72 },
    ],
  },
  {
    name: '客服改进 · Support improvements',
    description: '客服部内部 · Support team',
    owner: 'carol',
    visibility: 'department',
    department: 'support',
    departmentRole: 'editor',
    members: [],
    tasks: [
      { title: '更新常见问题 · Update the FAQ', creator: 'carol', assignee: 'sun.li', labels: ['docs'], dueInHours: 50 },
      { title: 'SLA report for August', status: 'in_progress', creator: 'carol', assignee: 'zhao.lei', dueInHours: 6, priority: 'high' },
      { title: '回访满意度调查 · Satisfaction survey follow-up', creator: 'dave', assignee: 'dave', dueInHours: 160, checklist: ['Pick 50 tickets', 'Call', 'Summarise'] },
    ],
  },
];

/**
 * The demo tenant's tasks: a cross-department launch list (marketing with R&D), a list
 * shared with the partner, and the support team's list — about fifteen tasks, some
 * overdue, some due within hours. Seeded once (when the tenant has no shared list yet).
 * Reminders are scheduled like for any task.
 */
export async function seedTasksDemo(ctx: PlazaContext, tenantId: string): Promise<void> {
  const existing = await ctx.storage.db.selectFrom('task_lists').select('id').where('tenant_id', '=', tenantId).where('personal_of', 'is', null).limit(1).executeTakeFirst();
  if (existing) return;
  // nobody is connected yet: no pushes to make
  const lists = new TaskLists(ctx);
  const tasks = new TaskService(ctx, lists);
  const everyone = [...new Set(LISTS.flatMap((l) => [l.owner, ...l.members.map(([id]) => id), ...l.tasks.flatMap((t) => [t.creator, ...(t.comments ?? []).map(([id]) => id)])]))];
  const users = await ctx.users.ensure(tenantId, everyone);
  const actor = (id: string) => userActor(users.get(id) as UsersTable);
  const hour = Math.ceil(ctx.clock.now() / HOUR) * HOUR;
  let counter = 0;

  for (const spec of LISTS) {
    const list = await lists.createList(actor(spec.owner), {
      name: spec.name,
      description: spec.description,
      visibility: spec.visibility,
      department: spec.department,
      departmentRole: spec.departmentRole ?? 'editor',
      partnerOrgs: spec.partnerOrgs ?? [],
      columns: ['todo', 'in_progress', 'done'],
      members: spec.members.map(([userId, role]) => ({ userId, role })),
    });
    for (const t of spec.tasks) {
      const task = await tasks.create(actor(t.creator), {
        listId: list.id,
        clientId: `demo-task-${++counter}`,
        title: t.title,
        description: t.description ?? '',
        status: t.status ?? 'todo',
        priority: t.priority ?? 'normal',
        assignee: t.assignee ?? null,
        watchers: t.watchers ?? [],
        labels: t.labels ?? [],
        due: t.dueInHours === undefined ? null : new Date(hour + t.dueInHours * HOUR).toISOString(),
        checklist: t.checklist ?? [],
        attachments: [],
        position: 'bottom',
      });
      for (const [author, text] of t.comments ?? []) await tasks.addComment(actor(author), { taskId: task.id, text });
    }
  }
}
