/** Relative times, SLA badges and category names for the ticket inbox and its detail. */
import type { Ticket } from '@plaza/sdk';
import { ticketSla } from '@plaza/sdk/tickets';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { LanguageCode } from '../../translations/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formats = new Map<LanguageCode, Intl.RelativeTimeFormat>();

/** `in 25 minutes`, `3 hours ago`, `in 2 days` in the viewer's language. */
export function relativeTime(iso: string, lang: LanguageCode, now = Date.now()): string {
  let format = formats.get(lang);
  if (!format) formats.set(lang, (format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })));
  const diff = Date.parse(iso) - now;
  const size = Math.abs(diff);
  // Within half a minute either way (or a clock a little ahead) it is "this minute".
  if (size < HOUR) return format.format(Math.round(diff / MINUTE), 'minute');
  if (size < 2 * DAY) return format.format(Math.round(diff / HOUR), 'hour');
  return format.format(Math.round(diff / DAY), 'day');
}

/** What a ticket's SLA badge shows: its state (for styling), its text, and a longer title. */
export interface SlaBadge {
  state: 'breached' | 'soon' | 'due' | 'met';
  text: string;
  title: string;
}

export function slaBadge(ticket: Ticket, localize: LocalizeController, now = Date.now()): SlaBadge | null {
  const sla = ticketSla(ticket, now);
  if (sla.state === 'met' || sla.due === null) return null;
  const t = localize.term.bind(localize);
  if (sla.state === 'breached') {
    return { state: 'breached', text: t('slaBreached'), title: t(sla.target === 'first_response' ? 'slaBreachedFirstResponse' : 'slaBreachedResolution') };
  }
  const when = relativeTime(sla.due, localize.lang, now);
  return { state: sla.state, text: t('slaDue', when), title: t(sla.target === 'first_response' ? 'slaFirstResponseDue' : 'slaResolutionDue', when) };
}

const KNOWN_CATEGORIES = { general: 'inboxCategory_general', billing: 'inboxCategory_billing', technical: 'inboxCategory_technical' } as const;

/** The default categories' names in the viewer's language; a tenant's own categories as they are. */
export function categoryName(category: string, localize: LocalizeController): string {
  const key = KNOWN_CATEGORIES[category as keyof typeof KNOWN_CATEGORIES] as (typeof KNOWN_CATEGORIES)[keyof typeof KNOWN_CATEGORIES] | undefined;
  return key ? localize.term(key) : category;
}
