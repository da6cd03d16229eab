import { enCore } from './en.js';
import { zhCNCore } from './zh-CN.js';
import type { LanguageCode, Translation } from './translation.js';

export { LANGUAGES } from './translation.js';
export type { CoreTranslation, LanguageCode, Translation, TranslationArgs, TranslationKey } from './translation.js';

type Strings = Partial<Translation>;
/** An element's strings in one language: at hand, or loaded from their own chunk when first needed. */
export type TranslationPart = Strings | (() => Promise<Strings>);

/**
 * The strings loaded so far, per language: the shared ones, then each element's part as
 * its module loads (`registerTranslations`). Shared by every copy of the bundle on a page
 * would gain nothing: each copy's elements register into their own copy.
 */
const tables: Record<LanguageCode, Strings> = { en: { ...enCore }, 'zh-CN': { ...zhCNCore } };
/** Parts registered as loaders and not asked for yet, per language. */
const waiting: Record<LanguageCode, (() => Promise<Strings>)[]> = { en: [], 'zh-CN': [] };
/** The load under way, per language. */
const loading: Partial<Record<LanguageCode, Promise<void>>> = {};

/**
 * Adds an element's strings, every language at once so none can be forgotten. A language
 * given as a function is loaded the first time an element renders in it (`loadLanguage`),
 * so a page pays only for the language it shows.
 *
 * @example
 * registerTranslations({ en: chatEn, 'zh-CN': () => import('./zh-CN.js').then((m) => m.chatZhCN) });
 */
export function registerTranslations(parts: { [L in LanguageCode]: TranslationPart }): void {
  for (const code of Object.keys(parts) as LanguageCode[]) {
    const part = parts[code];
    if (typeof part === 'function') waiting[code].push(part);
    else Object.assign(tables[code], part);
  }
}

/**
 * Loads the parts of `code` not asked for yet: a promise that settles when they are in, or
 * null when every registered part already is.
 */
export function loadLanguage(code: LanguageCode): Promise<void> | null {
  const loaders = waiting[code].splice(0);
  if (loaders.length > 0) {
    const load: Promise<void> = Promise.all([
      loading[code],
      // A part that cannot load (its chunk unreachable) stays English; browsers would not
      // fetch a failed module again anyway.
      ...loaders.map((loader) => loader().then((strings) => void Object.assign(tables[code], strings), () => undefined)),
    ]).then(() => {
      if (loading[code] === load) delete loading[code];
    });
    loading[code] = load;
  }
  return loading[code] ?? null;
}

/**
 * Maps any BCP 47 tag to a language Plaza ships: every Chinese tag (`zh`, `zh-Hans`,
 * `zh-TW`…) to `zh-CN`, everything else, including an empty tag, to `en`.
 */
export function resolveLanguage(tag: string | null | undefined): LanguageCode {
  const lower = (tag ?? '').trim().toLowerCase();
  return lower === 'zh' || lower.startsWith('zh-') ? 'zh-CN' : 'en';
}

/** The strings of a language loaded so far; an element's keys are there once its part has loaded. */
export function translationFor(code: LanguageCode): Partial<Translation> {
  return tables[code];
}
