/** Dates, times and sizes in the viewer's language and time zone (Intl, no tables of our own). */
import type { LanguageCode } from '../../translations/index.js';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: LanguageCode, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.DateTimeFormat(lang, options)));
  return format;
}

/** `10:32` / `上午10:32`: the time of a message. */
export function formatTime(iso: string, lang: LanguageCode): string {
  return formatter(lang, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** Full date and time, for a tooltip. */
export function formatDateTime(iso: string, lang: LanguageCode): string {
  return formatter(lang, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

/** The local calendar day of a timestamp, as a sortable key. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** A day separator's label: `today`/`yesterday` as given, else weekday and date. */
export function formatDay(iso: string, lang: LanguageCode, today: string, yesterday: string, now = new Date()): string {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return today;
  if (key === dayKey(new Date(now.getTime() - 86_400_000).toISOString())) return yesterday;
  const sameYear = new Date(iso).getFullYear() === now.getFullYear();
  return formatter(lang, { weekday: 'long', month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(
    new Date(iso),
  );
}

/** `1.2 MB` / `1.2 MB` in the viewer's number format. */
export function formatSize(bytes: number, lang: LanguageCode): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}
