import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@plaza/elements';
import type { PlazaErrorEvent, PlazaStatusChangeEvent } from '@plaza/elements';
import { FakeClient, demoSession } from '../packages/elements/src/test-support/fake-client.js';

interface Args {
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
}

/** Writes the provider's events into the story's log, as text. */
function logEvent(event: PlazaStatusChangeEvent | PlazaErrorEvent): void {
  const log = (event.currentTarget as HTMLElement).parentElement?.querySelector('.log');
  if (!log) return;
  const line = document.createElement('li');
  line.textContent =
    event.type === 'plaza-error'
      ? `plaza-error: ${(event as PlazaErrorEvent).detail.error.code} — ${(event as PlazaErrorEvent).detail.error.message}`
      : `plaza-status-change: ${(event as PlazaStatusChangeEvent).detail.status}`;
  log.append(line);
}

/**
 * Renders a provider around a status element, with a fake client (no server needed).
 * `drive` runs after the provider has subscribed, so its events show in the log.
 */
function renderWith(client: FakeClient, args: Args, drive?: (client: FakeClient) => void) {
  if (drive) setTimeout(() => drive(client), 50);
  return html`
    <div lang=${args.lang} class="story story--${args.theme}">
      <plaza-provider
        .client=${client.client}
        @plaza-status-change=${logEvent}
        @plaza-error=${logEvent}
      >
        <plaza-connection-status theme=${args.theme}></plaza-connection-status>
      </plaza-provider>
      <ul class="log" aria-label="Events"></ul>
    </div>
  `;
}

const meta: Meta<Args> = {
  title: 'Common/Provider',
  component: 'plaza-provider',
  args: { lang: 'en', theme: 'light' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['en', 'zh-CN'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The provider holds the Plaza client for the elements inside it. These stories use a fake client, so they render without a server; `<plaza-connection-status>` shows the state.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Offline: Story = {
  render: (args) => renderWith(new FakeClient(), args),
};

export const Connecting: Story = {
  render: (args) => renderWith(new FakeClient(), args, (client) => client.setStatus('connecting')),
};

export const OnlineWithUser: Story = {
  name: 'Online with a user',
  render: (args) =>
    renderWith(new FakeClient({ status: 'connecting' }), args, (client) =>
      client.signIn(demoSession('zhang.wei', '张伟')),
    ),
};

export const OnlineWithLatinName: Story = {
  name: 'Online (Latin name)',
  render: (args) =>
    renderWith(new FakeClient(), args, (client) => client.signIn(demoSession('alice', 'Alice Chen'))),
};

export const TokenRefused: Story = {
  name: 'Error: token refused',
  render: (args) =>
    renderWith(new FakeClient({ status: 'connecting' }), args, (client) =>
      client.fail('unauthorized', 'the token has expired'),
    ),
};
