import type { ElementLoader } from './base/lazy-define.js';

/**
 * The elements `/sdk/plaza.js` (bundle-entry.ts) defines on demand, each with the import
 * of the module that defines it: a separate chunk, with the SDK capabilities it uses.
 * Every tag index.ts defines, except `<plaza-provider>` (defined at once), must be here:
 * lazy-elements.test.ts checks that.
 */
export const LAZY_ELEMENTS: Record<string, ElementLoader> = {
  'plaza-connection-status': () => import('./common/connection-status/connection-status.js'),
  'plaza-chat-panel': () => import('./chat/chat-panel/chat-panel.js'),
  'plaza-task-list': () => import('./tasks/task-list/task-list.js'),
  'plaza-ticket-form': () => import('./tickets/ticket-form/ticket-form.js'),
  'plaza-ticket-inbox': () => import('./tickets/ticket-inbox/ticket-inbox.js'),
  'plaza-customer-portal': () => import('./tickets/customer-portal/customer-portal.js'),
};
