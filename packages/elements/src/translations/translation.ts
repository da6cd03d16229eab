import type { ChatPartsTranslation, ChatTranslation } from '../chat/translations/chat-translation.js';
import type {
  TaskBoardTranslation,
  TaskDetailTranslation,
  TaskNotificationsTranslation,
  TaskTranslation,
} from '../tasks/translations/task-translation.js';
import type { TicketDetailTranslation, TicketInboxTranslation } from '../tickets/translations/inbox-translation.js';
import type { TicketPortalPartsTranslation, TicketPortalTranslation } from '../tickets/translations/portal-translation.js';

/** The languages Plaza ships. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/**
 * The strings of the shared elements (provider, connection status), in one language. Each
 * lazily loaded element brings its own part (chat: `ChatTranslation`) and registers it
 * when it loads (`registerTranslations`), so a page loads only the strings it shows.
 * A language file that misses a key, or gives a plural the wrong shape, is a type error.
 *
 * Plurals are functions of the count, so each language applies its own rules
 * (English has two forms, Chinese one).
 */
export interface CoreTranslation {
  $code: LanguageCode;
  /** The language's name in itself, for language pickers. */
  $name: string;

  statusOnline: string;
  statusConnecting: string;
  statusOffline: string;
  /** Unread counter on channels and inboxes. */
  unreadCount: (count: number) => string;

}

/** Every string the elements show, in one language. */
export interface Translation
  extends CoreTranslation,
    ChatTranslation,
    ChatPartsTranslation,
    TaskTranslation,
    TaskBoardTranslation,
    TaskNotificationsTranslation,
    TaskDetailTranslation,
    TicketInboxTranslation,
    TicketDetailTranslation,
    TicketPortalTranslation,
    TicketPortalPartsTranslation {}

/** Keys of {@link Translation} that hold text (not the `$` metadata). */
export type TranslationKey = Exclude<keyof Translation, `$${string}`>;

/** The arguments a key takes: none for plain strings, the function's parameters for plurals. */
export type TranslationArgs<K extends TranslationKey> = Translation[K] extends (
  ...args: infer A
) => string
  ? A
  : [];
