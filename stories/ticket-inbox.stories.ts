import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@plaza/elements';
import './ticket-inbox.stories.css';
import type { PlazaTicketMessageEvent, PlazaTicketOpenEvent, PlazaTicketUpdatedEvent } from '@plaza/elements';
import { FakeTicketsClient, inboxWorkspace } from '../packages/elements/src/test-support/fake-tickets.js';

interface Args {
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
  width: 320 | 720 | 1100;
}

type InboxEvent = PlazaTicketOpenEvent | PlazaTicketUpdatedEvent | PlazaTicketMessageEvent;

/** Writes the element's events into the story's log, as text. */
function logEvent(event: InboxEvent): void {
  const log = (event.currentTarget as HTMLElement).parentElement?.querySelector('.log');
  if (!log) return;
  const line = document.createElement('li');
  const { detail } = event;
  const what = 'ticketId' in detail ? detail.ticketId : 'ticket' in detail ? `${detail.ticket.subject} → ${detail.ticket.status}` : `${detail.message.visibility}: ${detail.message.text}`;
  line.textContent = `${event.type}: ${what}`;
  log.append(line);
}

/** The inbox over the real SDK tickets capability and an in-memory server: no Plaza server needed. */
function renderInbox(args: Args, fake: FakeTicketsClient, options: { queue?: string; ticket?: string } = {}) {
  return html`
    <div lang=${args.lang} class="story story--${args.theme}">
      <plaza-ticket-inbox
        class="story__inbox story__inbox--w${args.width}"
        queue=${options.queue ?? 'all'}
        ticket=${options.ticket ?? ''}
        theme=${args.theme}
        .client=${fake.client}
        @plaza-ticket-open=${logEvent}
        @plaza-ticket-updated=${logEvent}
        @plaza-ticket-message=${logEvent}
      ></plaza-ticket-inbox>
      <ul class="log" aria-label="Events"></ul>
    </div>
  `;
}

const meta: Meta<Args> = {
  title: 'Tickets/Ticket inbox',
  component: 'plaza-ticket-inbox',
  args: { lang: 'en', theme: 'light', width: 1100 },
  argTypes: {
    lang: { control: 'inline-radio', options: ['en', 'zh-CN'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    width: { control: 'inline-radio', options: [320, 720, 1100] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The agents’ inbox with the SDK over an in-memory tickets server: pick a queue, search, open a ticket, reply or flip the switch for an internal note, change status, priority or assignee. Tickets past their SLA are marked.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Queues: Story = {
  name: 'Several queues',
  render: (args) => renderInbox(args, inboxWorkspace().fake),
};

export const Breaching: Story = {
  name: 'Breaching tickets',
  render: (args) => {
    const { fake, server } = inboxWorkspace();
    server.add({ subject: 'Checkout returns error 500', category: 'technical', priority: 'high', customer: { name: 'Mia Wong' }, dueInMinutes: -35 });
    server.add({ subject: 'Wrong currency on the quote', category: 'billing', customer: { name: '赵敏' }, dueInMinutes: -90, sla: { firstResponseBreached: true } });
    return renderInbox(args, fake, { queue: 'breaching' });
  },
};

export const InternalNote: Story = {
  name: 'Conversation with an internal note',
  render: (args) => {
    const { fake, tickets } = inboxWorkspace();
    return renderInbox(args, fake, { queue: 'mine', ticket: tickets.invoice.id });
  },
};

export const Empty: Story = {
  render: (args) => renderInbox(args, new FakeTicketsClient()),
};

export const Chinese: Story = {
  name: 'zh-CN',
  args: { lang: 'zh-CN' },
  render: (args) => {
    const { fake, tickets } = inboxWorkspace();
    return renderInbox(args, fake, { ticket: tickets.invoice.id });
  },
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => {
    const { fake, tickets } = inboxWorkspace();
    return renderInbox(args, fake, { ticket: tickets.invoice.id });
  },
};

export const Narrow: Story = {
  name: 'Narrow (320 px)',
  args: { width: 320 },
  render: (args) => renderInbox(args, inboxWorkspace().fake),
};

export const NotAnAgent: Story = {
  name: 'Not an agent',
  render: (args) => renderInbox(args, new FakeTicketsClient({ id: 'wang.fang', name: '王芳', roles: [] })),
};
