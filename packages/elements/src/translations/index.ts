import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import type { LanguageCode, Translation } from './translation.js';

export { LANGUAGES } from './translation.js';
export type { LanguageCode, Translation, TranslationArgs, TranslationKey } from './translation.js';
export { en, zhCN };

const translations: Record<LanguageCode, Translation> = { en, 'zh-CN': zhCN };

/**
 * Maps any BCP 47 tag to a language Plaza ships: every Chinese tag (`zh`, `zh-Hans`,
 * `zh-TW`…) to `zh-CN`, everything else, including an empty tag, to `en`.
 */
export function resolveLanguage(tag: string | null | undefined): LanguageCode {
  const lower = (tag ?? '').trim().toLowerCase();
  return lower === 'zh' || lower.startsWith('zh-') ? 'zh-CN' : 'en';
}

export function translationFor(code: LanguageCode): Translation {
  return translations[code];
}
