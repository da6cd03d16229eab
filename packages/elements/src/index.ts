/**
 * @plaza/elements: importing this module defines every `plaza-*` element.
 *
 * The provider is defined first, so elements already in the page upgrade after the
 * provider above them and find its client at once (a ContextRoot covers the other order).
 */
export { PlazaProvider } from './common/provider/provider.js';
export { PlazaConnectionStatus } from './common/connection-status/connection-status.js';
export { PlazaChatPanel } from './chat/chat-panel/chat-panel.js';
export { PlazaTaskList } from './tasks/task-list/task-list.js';
export { PlazaTicketForm } from './tickets/ticket-form/ticket-form.js';
export { PlazaTicketInbox } from './tickets/ticket-inbox/ticket-inbox.js';
export { PlazaCustomerPortal } from './tickets/customer-portal/customer-portal.js';

export { PlazaElement } from './base/plaza-element.js';
export { define } from './base/define.js';
export { clientContext } from './contexts/client-context.js';
export type { ClientContext } from './contexts/client-context.js';
export { StoreController } from './controllers/store-controller.js';
export type { ReadableStore } from './controllers/store-controller.js';
export { LocalizeController } from './controllers/localize-controller.js';
export { PlazaErrorEvent } from './events/error-event.js';
export type { PlazaErrorDetail } from './events/error-event.js';
export { PlazaStatusChangeEvent } from './events/status-change-event.js';
export type { PlazaStatusChangeDetail } from './events/status-change-event.js';
export { PlazaMessageSentEvent } from './chat/events/message-sent-event.js';
export type { PlazaMessageSentDetail } from './chat/events/message-sent-event.js';
export { PlazaChannelChangeEvent } from './chat/events/channel-change-event.js';
export type { PlazaChannelChangeDetail } from './chat/events/channel-change-event.js';
export { PlazaTaskCreatedEvent, PlazaTaskOpenEvent, PlazaTaskUpdatedEvent } from './tasks/events/task-events.js';
export type { PlazaTaskEventDetail, PlazaTaskOpenDetail } from './tasks/events/task-events.js';
export { PlazaTicketCreatedEvent } from './tickets/events/ticket-created-event.js';
export type { PlazaTicketCreatedDetail } from './tickets/events/ticket-created-event.js';
export { PlazaTicketMessageEvent, PlazaTicketOpenEvent, PlazaTicketUpdatedEvent } from './tickets/events/ticket-inbox-events.js';
export type { PlazaTicketMessageDetail, PlazaTicketOpenDetail, PlazaTicketUpdatedDetail } from './tickets/events/ticket-inbox-events.js';
export { renderMarkdown, plainText, safeHref } from './chat/markdown/markdown.js';
export type { MarkdownOptions } from './chat/markdown/markdown.js';
export { themeStyles } from './styles/theme.js';
export { TOKENS } from './styles/tokens.js';
export type { TokenName } from './styles/tokens.js';
export { LANGUAGES, resolveLanguage } from './translations/index.js';
export { en, zhCN } from './translations/all.js';
export type {
  LanguageCode,
  Translation,
  TranslationArgs,
  TranslationKey,
} from './translations/index.js';
