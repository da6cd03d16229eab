/** `@plaza/sdk/presence`: registers `client.presence` and `client.queryPresence`. Part of `@plaza/sdk`. */
import { registerCapability } from '../capabilities.js';
import { PresenceTracker } from './presence.js';

registerCapability('presence', ({ connection, options }) => new PresenceTracker(connection, { idleAfterMs: options.idleAfterMs }));
