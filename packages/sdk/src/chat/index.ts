/**
 * `@plaza/sdk/chat`: registers `client.chat` (channels, messages, the outbox). Part of
 * `@plaza/sdk`; import it on its own next to `@plaza/sdk/core` to keep other bundles small.
 */
import { registerCapability } from '../capabilities.js';
import { createOutbox } from '../outbox/create-outbox.js';
import { PlazaChat } from './chat-client.js';

registerCapability(
  'chat',
  ({ connection, options, emit, report }) => new PlazaChat({ connection, outbox: createOutbox(options.outbox), emit, report }),
);
