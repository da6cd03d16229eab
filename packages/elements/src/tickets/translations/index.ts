import type { LanguageCode } from '../../translations/index.js';
import { ticketFormEn } from './en.js';
import type { TicketFormTranslation } from './ticket-form-translation.js';

export type { TicketFormTranslation };
export { ticketFormEn };

let zhCN: TicketFormTranslation | undefined;
let zhCNLoad: Promise<void> | undefined;

/** The form's strings in `lang`: English until the zh-CN ones have loaded (`loadTicketFormStrings`). */
export function ticketFormStrings(lang: LanguageCode): TicketFormTranslation {
  return (lang === 'zh-CN' && zhCN) || ticketFormEn;
}

/**
 * Loads the zh-CN strings, a chunk of their own, the first time a form renders in Chinese,
 * so English pages never pay for them; null when nothing needs loading. If the chunk cannot
 * load, the form stays English.
 */
export function loadTicketFormStrings(lang: LanguageCode): Promise<void> | null {
  if (lang !== 'zh-CN' || zhCN) return null;
  zhCNLoad ??= import('./zh-CN.js').then(
    (module) => void (zhCN = module.ticketFormZhCN),
    () => undefined,
  );
  return zhCNLoad;
}
