/** Category and custom field names as the customer portal shows them. */
import type { TicketFieldDefinition } from '@plaza/protocol';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { LanguageCode } from '../../translations/index.js';

const KNOWN_CATEGORIES = { general: 'portalCategory_general', billing: 'portalCategory_billing', technical: 'portalCategory_technical' } as const;

/** The default categories' names in the viewer's language; a tenant's own categories as they are. */
export function categoryLabel(category: string, localize: LocalizeController): string {
  const key = Object.hasOwn(KNOWN_CATEGORIES, category) ? KNOWN_CATEGORIES[category as keyof typeof KNOWN_CATEGORIES] : null;
  return key ? localize.term(key) : category;
}

/** A custom field's label in the viewer's language (the tenant writes it once, or per language). */
export function fieldLabel(definition: TicketFieldDefinition, lang: LanguageCode): string {
  const { label } = definition;
  return typeof label === 'string' ? label : (lang === 'zh-CN' && label['zh-CN']) || label.en;
}
