// Acme OA: the host portal's own script. Everything Plaza needs from it is a token for the
// signed-in user; in a real portal that comes from the portal's backend, here from the
// Plaza server's demo endpoint (`GET /demo/token?user=ID`, demo mode only).

/** Used when the server does not list its demo users (`GET /demo/users`). */
const FALLBACK_USERS = [
  { id: 'zhang.wei', name: '张伟', dept: 'Engineering' },
  { id: 'li.na', name: '李娜', dept: 'Sales' },
  { id: 'alice', name: 'Alice', dept: 'Marketing' },
  { id: 'bob', name: 'Bob', dept: 'Customer Support' },
];

/** The portal's own strings; Plaza's elements translate themselves from `lang`. */
const STRINGS = {
  en: {
    skip: 'Skip to content',
    menu: 'Menu',
    language: 'Language',
    signedInAs: 'Signed in as',
    mainNav: 'Main',
    navHome: 'Home',
    navMessages: 'Messages',
    navTasks: 'Tasks',
    navInbox: 'Inbox',
    inboxHint: 'Customer tickets, for support agents (Carol Davis, Dave Wilson, 赵磊).',
    navDocuments: 'Documents',
    navApprovals: 'Approvals',
    welcome: 'Welcome',
    welcomeText: 'Messages, tasks and documents from across Acme, in one place.',
    project: 'Project',
    myTasks: 'My tasks',
    docsPlaceholder: 'Shared documents will appear here.',
    approvalsPlaceholder: 'Nothing is waiting for your approval.',
    errorUnavailable: 'Cannot reach the messaging server. Retrying…',
    errorUnauthorized: 'Your session could not be verified. Try signing in again.',
    errorOther: 'Messaging is unavailable',
  },
  'zh-CN': {
    skip: '跳到主要内容',
    menu: '菜单',
    language: '语言',
    signedInAs: '当前用户',
    mainNav: '主导航',
    navHome: '首页',
    navMessages: '消息',
    navTasks: '任务',
    navInbox: '工单',
    inboxHint: '客户工单，供客服人员处理（Carol Davis、Dave Wilson、赵磊）。',
    navDocuments: '文档',
    navApprovals: '审批',
    welcome: '欢迎',
    welcomeText: 'Acme 的消息、任务和文档，集中在一处。',
    project: '项目',
    myTasks: '我的任务',
    docsPlaceholder: '共享文档将显示在这里。',
    approvalsPlaceholder: '暂无待你审批的事项。',
    errorUnavailable: '无法连接消息服务器，正在重试…',
    errorUnauthorized: '无法验证你的身份，请重新登录。',
    errorOther: '消息服务不可用',
  },
};

const provider = document.querySelector('plaza-provider');
const userSelect = document.getElementById('user-select');
const langSelect = document.getElementById('lang-select');
const banner = document.getElementById('banner');
const menuButton = document.getElementById('menu-button');
const sidenav = document.getElementById('sidenav');

let lang = localStorage.getItem('acme-oa-lang') === 'zh-CN' ? 'zh-CN' : 'en';

function t(key) {
  return STRINGS[lang][key] ?? STRINGS.en[key];
}

/* Language: the portal's strings and, through `lang` on <html>, Plaza's elements. */

function applyLanguage() {
  document.documentElement.lang = lang;
  langSelect.value = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
  document.getElementById('today').textContent = new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date());
  renderWelcomeName();
}

langSelect.addEventListener('change', () => {
  lang = langSelect.value === 'zh-CN' ? 'zh-CN' : 'en';
  localStorage.setItem('acme-oa-lang', lang);
  applyLanguage();
});

/* Users: who the portal is signed in as. A query parameter (not storage), so two tabs can
   be two people talking to each other. */

async function loadUsers() {
  try {
    const response = await fetch('/demo/users', { headers: { accept: 'application/json' } });
    if (response.ok) {
      const users = await response.json();
      if (Array.isArray(users) && users.length > 0) return users;
    }
  } catch {
    // No user list on this server: use the demo's known users.
  }
  return FALLBACK_USERS;
}

function tokenProviderFor(userId) {
  return async () => {
    const response = await fetch(`/demo/token?user=${encodeURIComponent(userId)}`, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`demo token for ${userId}: HTTP ${response.status}`);
    const { token } = await response.json();
    return token;
  };
}

function signInAs(userId) {
  const url = new URL(location.href);
  url.searchParams.set('user', userId);
  history.replaceState(null, '', url);
  hideBanner();
  // A new token provider makes the provider replace its client: a clean session per user.
  provider.tokenProvider = tokenProviderFor(userId);
}

async function setUpUsers() {
  const users = await loadUsers();
  for (const user of users) {
    const option = document.createElement('option');
    option.value = user.id;
    // `dept` is a department name or, from the server's list, an array of them.
    const dept = Array.isArray(user.dept) ? user.dept.join(', ') : user.dept;
    option.textContent = dept ? `${user.name} — ${dept}` : user.name;
    userSelect.append(option);
  }
  const requested = new URL(location.href).searchParams.get('user');
  const current = users.some((user) => user.id === requested) ? requested : users[0].id;
  userSelect.value = current;
  userSelect.addEventListener('change', () => signInAs(userSelect.value));
  signInAs(current);
}

/* Plaza's events: greet the signed-in user, explain failures. */

function renderWelcomeName() {
  const name = provider.client?.session?.user.name;
  document.getElementById('welcome-name').textContent = name ? (lang === 'zh-CN' ? `，${name}` : `, ${name}`) : '';
}

function showBanner(text) {
  banner.textContent = text;
  banner.hidden = false;
}

function hideBanner() {
  banner.hidden = true;
  banner.textContent = '';
}

provider.addEventListener('plaza-status-change', (event) => {
  if (event.detail.status === 'online') hideBanner();
  renderWelcomeName();
});

provider.addEventListener('plaza-error', (event) => {
  const { code, message } = event.detail.error;
  if (code === 'unavailable') showBanner(t('errorUnavailable'));
  else if (code === 'unauthorized') showBanner(t('errorUnauthorized'));
  else showBanner(`${t('errorOther')}: ${message}`);
});

/* Chat: the open channel lives in the URL, so a reload or a shared link reopens it. */

const chat = document.getElementById('chat');
const requestedChannel = new URL(location.href).searchParams.get('channel');
if (requestedChannel) chat.setAttribute('channel', requestedChannel);

chat.addEventListener('plaza-channel-change', (event) => {
  const url = new URL(location.href);
  url.searchParams.set('channel', event.detail.channelId);
  history.replaceState(null, '', url);
});

/* Tasks: the project shown lives in the URL too (`?tasks=ID`, none for the user's own tasks).
   The portal lists the user's projects through the same client the elements use. */

const taskList = document.getElementById('task-list');
const taskListSelect = document.getElementById('task-list-select');
const requestedList = new URL(location.href).searchParams.get('tasks');

function showTaskList(listId) {
  if (listId) taskList.setAttribute('list', listId);
  else taskList.removeAttribute('list');
  const url = new URL(location.href);
  if (listId) url.searchParams.set('tasks', listId);
  else url.searchParams.delete('tasks');
  history.replaceState(null, '', url);
}

/** Fills the project picker; opens the requested project, else the first shared one. */
async function loadProjects() {
  // `client.tasks` comes with the task list's code, which loads when the element appears.
  await customElements.whenDefined('plaza-task-list');
  const client = provider.client;
  if (!client || client.status !== 'online') return;
  const lists = (await client.tasks.loadLists()).filter((list) => !list.personalOf && !list.archived);
  taskListSelect.replaceChildren(taskListSelect.options[0]);
  for (const list of lists) {
    const option = document.createElement('option');
    option.value = list.id;
    option.textContent = list.name;
    taskListSelect.append(option);
  }
  const current = taskList.getAttribute('list') ?? requestedList;
  const chosen = lists.some((list) => list.id === current) ? current : (lists[0]?.id ?? '');
  taskListSelect.value = chosen;
  showTaskList(chosen);
}

taskListSelect.addEventListener('change', () => showTaskList(taskListSelect.value));

/* From chat to tasks: a task made from a message posts its link in the channel ("Open task"
   in the chat); clicking it opens the task in the task list beside the chat, whichever
   project the task is in. */

chat.addEventListener('plaza-task-open', async (event) => {
  await customElements.whenDefined('plaza-task-list');
  taskList.openTask(event.detail.taskId);
  document.getElementById('tasks').scrollIntoView({ block: 'start' });
});

provider.addEventListener('plaza-status-change', (event) => {
  if (event.detail.status === 'online') loadProjects().catch(() => undefined);
});

/* Inbox: the open ticket lives in the URL (`?ticket=ID`), like the channel and the project. */

const inbox = document.getElementById('ticket-inbox');
const requestedTicket = new URL(location.href).searchParams.get('ticket');
if (requestedTicket) inbox.setAttribute('ticket', requestedTicket);

inbox.addEventListener('plaza-ticket-open', (event) => {
  const url = new URL(location.href);
  url.searchParams.set('ticket', event.detail.ticketId);
  history.replaceState(null, '', url);
});

/* Navigation: the current section, and the drawer on small screens. */

function markCurrentNav() {
  const hash = location.hash || '#home';
  for (const link of sidenav.querySelectorAll('a')) {
    if (link.getAttribute('href') === hash) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function setMenuOpen(open) {
  menuButton.setAttribute('aria-expanded', String(open));
  sidenav.classList.toggle('sidenav--open', open);
}

menuButton.addEventListener('click', () => {
  setMenuOpen(menuButton.getAttribute('aria-expanded') !== 'true');
});

sidenav.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('a')) setMenuOpen(false);
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && menuButton.getAttribute('aria-expanded') === 'true') {
    setMenuOpen(false);
    menuButton.focus();
  }
});

window.addEventListener('hashchange', markCurrentNav);

applyLanguage();
markCurrentNav();
setUpUsers();
