/** The languages Plaza ships. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/**
 * Every string the elements show, in one language. A language file that misses a key,
 * or gives a plural the wrong shape, is a type error.
 *
 * Plurals are functions of the count, so each language applies its own rules
 * (English has two forms, Chinese one).
 */
export interface Translation {
  $code: LanguageCode;
  /** The language's name in itself, for language pickers. */
  $name: string;

  statusOnline: string;
  statusConnecting: string;
  statusOffline: string;
  /** Unread counter on channels and inboxes. */
  unreadCount: (count: number) => string;
}

/** Keys of {@link Translation} that hold text (not the `$` metadata). */
export type TranslationKey = Exclude<keyof Translation, `$${string}`>;

/** The arguments a key takes: none for plain strings, the function's parameters for plurals. */
export type TranslationArgs<K extends TranslationKey> = Translation[K] extends (
  ...args: infer A
) => string
  ? A
  : [];
