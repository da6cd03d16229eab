import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@plaza/elements';
import './chat-panel.stories.css';
import type { PlazaChannelChangeEvent, PlazaMessageSentEvent } from '@plaza/elements';
import { PlazaError } from '@plaza/sdk';
import {
  FakeClient,
  demoSession,
  makeMessage,
  makeMessages,
  seedChatDemo,
} from '../packages/elements/src/test-support/fake-client.js';

interface Args {
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
  width: number;
}

/** A signed-in fake client with the demo workspace; `count` messages in #general. */
function workspace(count = 40, unread = 0) {
  const fake = new FakeClient();
  fake.signIn(demoSession('alice', 'Alice Chen'));
  const general = seedChatDemo(fake.chat, { count, unread });
  return { fake, general };
}

function logEvent(event: PlazaMessageSentEvent | PlazaChannelChangeEvent): void {
  const log = (event.currentTarget as HTMLElement).parentElement?.querySelector('.log');
  if (!log) return;
  const line = document.createElement('li');
  line.textContent =
    event.type === 'plaza-message-sent'
      ? `plaza-message-sent: ${(event as PlazaMessageSentEvent).detail.message.text}`
      : `plaza-channel-change: ${(event as PlazaChannelChangeEvent).detail.channelId}`;
  log.append(line);
}

function renderPanel(fake: FakeClient, args: Args, channel: string | null = 'general') {
  return html`
    <div lang=${args.lang} class="story story--${args.theme} story--chat">
      <plaza-chat-panel
        class="story__chat story__chat--w${args.width}"
        theme=${args.theme}
        channel=${channel ?? ''}
        .client=${fake.client}
        @plaza-message-sent=${logEvent}
        @plaza-channel-change=${logEvent}
      ></plaza-chat-panel>
      <ul class="log" aria-label="Events"></ul>
    </div>
  `;
}

const meta: Meta<Args> = {
  title: 'Chat/Chat panel',
  component: 'plaza-chat-panel',
  args: { lang: 'en', theme: 'light', width: 960 },
  argTypes: {
    lang: { control: 'inline-radio', options: ['en', 'zh-CN'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    width: { control: 'inline-radio', options: [360, 600, 960] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The chat panel with a fake client: no server needed. Type a message and press Enter; `@` completes members; drop a file to see an upload.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Conversation: Story = {
  render: (args) => {
    const { fake, general } = workspace(40);
    const messages = general.messages.get().slice();
    messages.push(
      makeMessage({
        id: 'rich',
        channelId: 'general',
        seq: 41,
        authorId: 'zhang.wei',
        text: '**Release checklist** for @alice:\n1. merge `release/2.0`\n2. run the _migration_\n> remember the changelog\n\nDetails: https://plaza.example.com/docs/release',
        mentions: ['alice'],
        reactions: [
          { emoji: '👍', users: ['alice', 'li.na'] },
          { emoji: '🎉', users: ['bob'] },
        ],
        replyCount: 2,
        createdAt: new Date(Date.now() - 60_000).toISOString(),
      }),
      makeMessage({
        id: 'urgent',
        channelId: 'general',
        seq: 42,
        authorId: 'li.na',
        urgency: 'urgent',
        text: '客户系统宕机，请立即处理！',
        attachments: [{ id: 'f1', name: 'incident-report.pdf', size: 482_133, type: 'application/pdf' }],
        createdAt: new Date(Date.now() - 30_000).toISOString(),
      }),
      makeMessage({
        id: 'mine',
        channelId: 'general',
        seq: 43,
        authorId: 'alice',
        text: 'On it — *recalling* the build now.',
        editedAt: new Date().toISOString(),
        createdAt: new Date(Date.now() - 10_000).toISOString(),
      }),
    );
    general.messages.set(messages);
    general.replies.set([
      makeMessage({ id: 'r1', channelId: 'general', seq: 44, authorId: 'li.na', threadRootId: 'rich', text: 'Merged ✅' }),
      makeMessage({ id: 'r2', channelId: 'general', seq: 45, authorId: 'bob', threadRootId: 'rich', text: 'Migration ran in 3 min.' }),
    ]);
    general.members.set(general.members.get().map((m) => ({ ...m, lastReadSeq: m.userId === 'bob' ? 40 : 43 })));
    general.state.patch({ typing: ['zhang.wei'] });
    fake.requestHandler = (name, payload) => ({
      messageId: (payload as { messageId: string }).messageId,
      pending: name === 'chat:urgent:status' ? ['alice'] : [],
    });
    return renderPanel(fake, args);
  },
};

export const Empty: Story = {
  render: (args) => {
    const { fake } = workspace(0);
    return renderPanel(fake, args, 'dm-bob');
  },
};

export const Loading: Story = {
  render: (args) => {
    const { fake } = workspace(0);
    fake.chat.channel('general').loadMode = 'manual';
    return renderPanel(fake, args);
  },
};

export const LongHistory: Story = {
  name: 'Long history (10,000 messages)',
  render: (args) => {
    const { fake } = workspace(10_000, 12);
    return renderPanel(fake, args);
  },
};

export const OfflineWithPendingSends: Story = {
  name: 'Offline with pending sends',
  render: (args) => {
    const { fake, general } = workspace(12);
    general.sendMode = 'offline';
    void general.send({ text: 'Draft written on the train 🚆' });
    void general.send({ text: 'And a second one, queued in order.' });
    general.sendMode = 'fail';
    void general.send({ text: 'This one was refused by the server.' }).catch(() => undefined);
    general.sendMode = 'offline';
    fake.setStatus('connecting');
    return renderPanel(fake, args);
  },
};

export const LoadError: Story = {
  name: 'Error loading messages',
  render: (args) => {
    const { fake } = workspace(0);
    const handle = fake.chat.channel('general');
    handle.loadMode = 'manual';
    setTimeout(() => handle.state.patch({ loading: false, error: new PlazaError('unavailable', 'the server did not answer') }), 50);
    return renderPanel(fake, args);
  },
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => {
    const { fake } = workspace(30, 4);
    return renderPanel(fake, args);
  },
};

export const Chinese: Story = {
  name: 'zh-CN',
  args: { lang: 'zh-CN' },
  render: (args) => {
    const { fake, general } = workspace(0);
    general.messages.set(
      makeMessages('general', 20, { authors: ['zhang.wei', 'li.na', 'alice'] }).map((m, i) => ({
        ...m,
        text: ['大家好，今天下午三点开会。', '收到，**准时**参加。', '会议纪要见 https://plaza.example.com/docs/1', '@alice 麻烦准备一下演示。'][i % 4],
        mentions: i % 4 === 3 ? ['alice'] : [],
      })),
    );
    return renderPanel(fake, args);
  },
};

export const Narrow: Story = {
  name: 'Narrow (360 px)',
  args: { width: 360 },
  render: (args) => renderPanel(workspace(30, 3).fake, args),
};
