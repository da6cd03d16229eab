import type { LanguageCode } from '../../translations/index.js';

/**
 * The element's language (`en` or `zh-CN`) from its own or the nearest ancestor's `lang`,
 * crossing shadow roots: the rule `LocalizeController` applies, without the shared
 * translation registry it carries. The public ticket form ships alone
 * (`/sdk/ticket-form.js`, ≤ 12 KB with Lit) and keeps its own strings.
 */
export function langOf(element: Element): LanguageCode {
  let node: Element | null = element;
  while (node) {
    const tag = node.closest('[lang]')?.getAttribute('lang');
    if (tag != null) return /^zh(-|$)/i.test(tag.trim()) ? 'zh-CN' : 'en';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return 'en';
}
