import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@plaza/elements';
import './customer-portal.stories.css';
import type { PlazaCustomerPortal, PlazaTicketCreatedEvent, PlazaTicketOpenEvent } from '@plaza/elements';
import type { PublicTicketDetail } from '@plaza/protocol';
import { FakeTicketServer } from '../packages/elements/src/tickets/test-support/fake-ticket-server.js';
import { FakePortalClient, portalForm, portalWorkspace, seedArticles } from '../packages/elements/src/test-support/fake-portal.js';

interface Args {
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
  width: 320 | 720;
}

let followServer: FakeTicketServer | undefined;

type Setup = (portal: PlazaCustomerPortal, fake: FakePortalClient) => Promise<void> | void;

/** Writes the portal's events into the story's log, as text. */
function logEvent(event: PlazaTicketCreatedEvent | PlazaTicketOpenEvent): void {
  const log = (event.currentTarget as HTMLElement).parentElement?.querySelector('.log');
  const line = document.createElement('li');
  line.textContent = `${event.type}: ${event.detail.ticketId}`;
  log?.append(line);
}

const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** The shadow root of the portal's part `tag`, once it has rendered. */
async function partOf(portal: PlazaCustomerPortal, tag: string): Promise<ShadowRoot> {
  for (;;) {
    const root = portal.shadowRoot?.querySelector(tag)?.shadowRoot;
    if (root?.firstElementChild) return root;
    await tick();
  }
}

/** Types into a field of a part as a person would. */
function type(root: ShadowRoot, id: string, value: string): void {
  const control = root.getElementById(id) as HTMLInputElement;
  control.value = value;
  control.dispatchEvent(new Event(control.localName === 'select' ? 'change' : 'input', { bubbles: true, composed: true }));
}

/** The portal over the real SDK tickets and knowledge capabilities and in-memory servers: no Plaza server needed. */
function renderPortal(args: Args, setup?: Setup, options: { empty?: boolean; view?: string } = {}) {
  // A follow-up link left in the address by the FollowUpLink story would take the portal over.
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  followServer?.uninstall();
  const fake = options.empty ? new FakePortalClient() : portalWorkspace().fake;
  if (options.empty) seedArticles(fake.articles);
  const story = html`
    <div lang=${args.lang} class="story story--${args.theme}">
      <plaza-customer-portal
        class="story__portal story__portal--w${args.width}"
        theme=${args.theme}
        view=${options.view ?? 'tickets'}
        .client=${fake.client}
        @plaza-ticket-created=${logEvent}
        @plaza-ticket-open=${logEvent}
      ></plaza-customer-portal>
      <ul class="log" aria-label="Events"></ul>
    </div>
  `;
  if (setup) {
    setTimeout(() => {
      const portal = document.querySelector('plaza-customer-portal');
      if (portal) void setup(portal, fake);
    });
  }
  return story;
}

const meta: Meta<Args> = {
  title: 'Tickets/Customer portal',
  component: 'plaza-customer-portal',
  args: { lang: 'en', theme: 'light', width: 720 },
  argTypes: {
    lang: { control: 'inline-radio', options: ['en', 'zh-CN'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    width: { control: 'inline-radio', options: [320, 720] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'A signed-in customer’s portal with the SDK over in-memory servers: open a ticket and reply, file a new one (type “refund” or “password” in the subject for suggested articles), rate a resolved ticket, search the help articles in English or Chinese.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const List: Story = {
  render: (args) =>
    renderPortal(args, async (_portal, fake) => {
      // News on a ticket the customer has seen: its marker and the tab's badge.
      await tick(300);
      const invoice = [...fake.server.tickets.values()].find((t) => t.subject.startsWith('Invoice'))!;
      fake.agentReply(invoice.id, 'The corrected invoice is attached to your account.');
    }),
};

export const NewTicketWithSuggestions: Story = {
  render: (args) =>
    renderPortal(
      args,
      async (portal) => {
        const form = await partOf(portal, 'plaza-portal-new-ticket');
        type(form, 'subject', 'I want a refund for my order');
        type(form, 'category', 'billing');
      },
      { view: 'new' },
    ),
};

export const Conversation: Story = {
  render: (args) =>
    renderPortal(args, (portal, fake) => {
      const invoice = [...fake.server.tickets.values()].find((t) => t.subject.startsWith('Invoice'))!;
      portal.openTicket(invoice.id);
    }),
};

export const ResolvedWithRating: Story = {
  render: (args) =>
    renderPortal(args, (portal, fake) => {
      const password = [...fake.server.tickets.values()].find((t) => t.status === 'resolved')!;
      portal.openTicket(password.id);
    }),
};

export const Articles: Story = {
  render: (args) => renderPortal(args, undefined, { view: 'articles' }),
};

export const ArticleReading: Story = {
  render: (args) =>
    renderPortal(
      args,
      (portal, fake) => {
        const refund = [...fake.articles.articles.values()].find((a) => a.title === 'Refund policy')!;
        portal.openArticle(refund.id);
      },
      { view: 'articles' },
    ),
};

export const Empty: Story = {
  render: (args) => renderPortal(args, undefined, { empty: true }),
};

export const Chinese: Story = {
  args: { lang: 'zh-CN' },
  render: (args) =>
    renderPortal(
      args,
      async (portal) => {
        const form = await partOf(portal, 'plaza-portal-new-ticket');
        type(form, 'subject', '如何退款');
        type(form, 'category', 'billing');
      },
      { view: 'new' },
    ),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) =>
    renderPortal(args, (portal, fake) => {
      const vpn = [...fake.server.tickets.values()].find((t) => t.status === 'pending_customer')!;
      portal.openTicket(vpn.id);
    }),
};

export const Narrow320: Story = {
  args: { width: 320 },
  render: (args) => renderPortal(args),
};

/** A ticket filed on the public form, followed through its link: no sign-in, the public routes over an in-page fake. */
export const FollowUpLink: Story = {
  render: (args) => {
    followServer?.uninstall();
    followServer = new FakeTicketServer();
    followServer.autoUpload = true;
    followServer.form = portalForm();
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const detail: PublicTicketDetail = {
      ticket: {
        id: '0190c2a0-1111-7000-8000-000000000001',
        subject: 'Cannot log in to the console',
        description: 'Since this morning the console says my session expired.',
        category: 'technical',
        status: 'pending_customer',
        fields: { region: 'ap-southeast-1' },
        attachments: [],
        createdAt: at,
        updatedAt: at,
        resolvedAt: null,
        closedAt: null,
        reopenUntil: null,
        rating: null,
        messageCount: 1,
      },
      messages: [{ id: 'm1', ticketId: '0190c2a0-1111-7000-8000-000000000001', author: { kind: 'agent', name: 'Carol Davis' }, text: 'Could you clear the cookies of **console.acme.example** and try again?', attachments: [], createdAt: at }],
      files: [],
    };
    followServer.followed = { detail, accessToken: 'demo.' + 'T'.repeat(43) };
    followServer.install();
    history.replaceState(null, '', `#plaza-ticket=${detail.ticket.id}:${encodeURIComponent(followServer.followed.accessToken)}`);
    return html`<div lang=${args.lang} class="story story--${args.theme}">
      <plaza-customer-portal class="story__portal story__portal--w${args.width}" theme=${args.theme} url="https://plaza.example"></plaza-customer-portal>
    </div>`;
  },
};
