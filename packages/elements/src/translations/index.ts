import { enCore } from './en.js';
import { zhCNCore } from './zh-CN.js';
import type { LanguageCode, Translation } from './translation.js';

export { LANGUAGES } from './translation.js';
export type { CoreTranslation, LanguageCode, Translation, TranslationArgs, TranslationKey } from './translation.js';

/**
 * The strings loaded so far, per language: the shared ones, then each element's part as
 * its module loads (`registerTranslations`). Shared by every copy of the bundle on a page
 * would gain nothing: each copy's elements register into their own copy.
 */
const tables: Record<LanguageCode, Partial<Translation>> = { en: { ...enCore }, 'zh-CN': { ...zhCNCore } };

/**
 * Adds an element's strings (every language at once, so none can be forgotten).
 *
 * @example
 * registerTranslations({ en: chatEn, 'zh-CN': chatZhCN });
 */
export function registerTranslations(parts: { [L in LanguageCode]: Partial<Translation> }): void {
  for (const code of Object.keys(parts) as LanguageCode[]) Object.assign(tables[code], parts[code]);
}

/**
 * Maps any BCP 47 tag to a language Plaza ships: every Chinese tag (`zh`, `zh-Hans`,
 * `zh-TW`…) to `zh-CN`, everything else, including an empty tag, to `en`.
 */
export function resolveLanguage(tag: string | null | undefined): LanguageCode {
  const lower = (tag ?? '').trim().toLowerCase();
  return lower === 'zh' || lower.startsWith('zh-') ? 'zh-CN' : 'en';
}

/** The strings of a language; an element's keys are there once its module has loaded. */
export function translationFor(code: LanguageCode): Translation {
  return tables[code] as Translation;
}
