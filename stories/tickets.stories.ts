import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@plaza/elements';
import './tickets.stories.css';
import type { PlazaTicketCreatedEvent, PlazaTicketForm } from '@plaza/elements';
import { FakeTicketServer, type Answer } from '../packages/elements/src/tickets/test-support/fake-ticket-server.js';

interface Args {
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
  width: 320 | 640;
}

let current: FakeTicketServer | undefined;

/** A fresh in-page server for each story: the form talks to it through fetch and XMLHttpRequest. */
function fakeServer(setup: (server: FakeTicketServer) => void = () => undefined): FakeTicketServer {
  current?.uninstall();
  current = new FakeTicketServer();
  current.autoUpload = true;
  setup(current);
  return current.install();
}

function logEvent(event: PlazaTicketCreatedEvent): void {
  const log = (event.currentTarget as HTMLElement).parentElement?.querySelector('.log');
  const line = document.createElement('li');
  line.textContent = `plaza-ticket-created: ${event.detail.ticketId}`;
  log?.append(line);
}

/** Types into the form as a person would, for the stories that show a later state. */
async function fillIn(form: PlazaTicketForm, values: Record<string, string>, files: File[] = []): Promise<void> {
  const root = form.shadowRoot!;
  while (!root.getElementById('name')) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const [id, value] of Object.entries(values)) {
    const control = root.getElementById(id) as HTMLInputElement;
    control.value = value;
    control.dispatchEvent(new Event(control.localName === 'select' ? 'change' : 'input', { bubbles: true, composed: true }));
    await form.updateComplete;
  }
  if (files.length > 0) {
    const input = root.getElementById('files') as HTMLInputElement;
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }
}

function submit(form: PlazaTicketForm): void {
  form.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit-button"]')!.click();
}

const complete = { name: 'Li Lei', email: 'li.lei@example.com', subject: 'Invoice shows the wrong plan', description: 'The March invoice lists Pro, we are on Basic.' };

function renderForm(args: Args, then?: (form: PlazaTicketForm) => Promise<void>, category = '') {
  const story = html`
    <div lang=${args.lang} class="story story--${args.theme}">
      <plaza-ticket-form
        class="story__form--w${args.width}"
        tenant="acme"
        url="https://plaza.example"
        category=${category}
        theme=${args.theme}
        follow-up-url="https://www.acme.example/support/ticket#{id}:{token}"
        @plaza-ticket-created=${logEvent}
      ></plaza-ticket-form>
      <ul class="log" aria-label="Events"></ul>
    </div>
  `;
  if (then) {
    setTimeout(() => {
      const form = document.querySelector('plaza-ticket-form');
      if (form) void then(form);
    });
  }
  return story;
}

const meta: Meta<Args> = {
  title: 'Tickets/Ticket form',
  component: 'plaza-ticket-form',
  args: { lang: 'en', theme: 'light', width: 640 },
  argTypes: {
    lang: { control: 'inline-radio', options: ['en', 'zh-CN'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    width: { control: 'inline-radio', options: [320, 640] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The public ticket form over an in-page fake of the public ticket routes: submit it empty to see the checks, pick Billing for its custom fields, attach files to see the uploads with progress and cancel.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Empty: Story = {
  render: (args) => {
    fakeServer();
    return renderForm(args);
  },
};

export const CustomFields: Story = {
  render: (args) => {
    fakeServer();
    return renderForm(args, undefined, 'billing');
  },
};

export const Invalid: Story = {
  render: (args) => {
    fakeServer();
    return renderForm(args, async (form) => {
      await fillIn(form, { email: 'li.lei@', category: 'billing', 'fields.invoice': 'INV-2026-0000042' });
      submit(form);
    });
  },
};

export const Uploading: Story = {
  render: (args) => {
    fakeServer((server) => (server.autoUpload = false));
    return renderForm(args, async (form) => {
      await fillIn(form, complete, [new File(['x'.repeat(40_000)], 'screenshot.png'), new File(['log'], 'app.log')]);
      submit(form);
      while (current!.uploads.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      current!.uploads[0].progress(16_000);
    });
  },
};

export const Submitted: Story = {
  render: (args) => {
    fakeServer();
    return renderForm(args, async (form) => {
      await fillIn(form, complete, [new File(['hello'], 'receipt.pdf')]);
      submit(form);
    });
  },
};

const refused = (answer: Answer): Story => ({
  render: (args) => {
    fakeServer((server) => server.createAnswers.push(answer));
    return renderForm(args, async (form) => {
      await fillIn(form, complete);
      submit(form);
    });
  },
});

export const RateLimited = refused({ status: 429, body: { error: { code: 'rate_limited', message: 'rate limit exceeded, retry in 540 s' } } });
export const ServerUnreachable = refused({ status: 0, body: null });

export const LoadFailed: Story = {
  render: (args) => {
    fakeServer((server) => server.formAnswers.push({ status: 0, body: null }));
    return renderForm(args);
  },
};

export const Chinese: Story = {
  args: { lang: 'zh-CN' },
  render: (args) => {
    fakeServer();
    return renderForm(args, undefined, 'billing');
  },
};

export const DarkNarrow: Story = {
  args: { theme: 'dark', width: 320 },
  render: (args) => {
    fakeServer();
    return renderForm(args, async (form) => {
      await fillIn(form, { subject: 'A very long subject that wraps on a narrow phone screen' }, [new File(['x'], 'a-rather-long-attachment-name-from-a-phone-camera-2026-03-02.jpg')]);
    });
  },
};
