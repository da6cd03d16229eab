/** Dates, times and sizes in the viewer's language and time zone (Intl, no tables of our own). */
import type { ReactiveControllerHost } from 'lit';
import type { LanguageCode } from '../../translations/index.js';
import { whenIdle } from './idle.js';

const cache = new Map<string, Intl.DateTimeFormat>();
/** Languages with a date format built: their ICU data is loaded. */
const loaded = new Set<LanguageCode>();
const loading = new Map<LanguageCode, Promise<void>>();

const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

function formatter(lang: LanguageCode, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let format = cache.get(key);
  if (!format) {
    cache.set(key, (format = new Intl.DateTimeFormat(lang, options)));
    loaded.add(lang);
  }
  return format;
}

/**
 * Whether dates in `lang` can be formatted without delay. The first `Intl.DateTimeFormat`
 * of a page loads ICU's date data, which takes 20–40 ms in Chromium; the rest take well
 * under 1 ms.
 */
export function datesLoaded(lang: LanguageCode): boolean {
  return loaded.has(lang);
}

/**
 * Loads the date data of `lang` when the page is next idle (so the frame being rendered is
 * not held up by it) and resolves when dates in `lang` format without delay.
 */
export function loadDates(lang: LanguageCode): Promise<void> {
  let done = loading.get(lang);
  if (!done) {
    done = datesLoaded(lang)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          whenIdle(() => {
            formatter(lang, TIME);
            resolve();
          });
        });
    loading.set(lang, done);
  }
  return done;
}

/**
 * The dates of an element's render: `ready(lang)` says whether its times may be formatted
 * now; when not, the element renders without them and again once they load, when the
 * page is next idle after the frame it is in. Used by the message rows, so a long
 * history's first frame does not wait for ICU's date data.
 *
 * @example
 * private readonly dates = new DatesWhenLoaded(this);
 * render() { return html`<time>${this.dates.ready(lang) ? formatTime(iso, lang) : ''}</time>`; }
 */
export class DatesWhenLoaded {
  private asked: LanguageCode | null = null;

  constructor(private readonly host: ReactiveControllerHost) {}

  ready(lang: LanguageCode): boolean {
    if (datesLoaded(lang)) return true;
    if (this.asked !== lang) {
      this.asked = lang;
      void loadDates(lang).then(() => {
        this.asked = null;
        this.host.requestUpdate();
      });
    }
    return false;
  }
}

/** `10:32` / `上午10:32`: the time of a message. */
export function formatTime(iso: string, lang: LanguageCode): string {
  return formatter(lang, TIME).format(new Date(iso));
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

/**
 * The local calendar days of timestamps that mostly come in order, as `dayKey` gives them:
 * a `Date` is made only when one falls outside the day of the one before, so a history of
 * 10,000 messages over 50 days makes 50, not 10,000.
 */
export class DayKeys {
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;
  private key = '';

  /** The day of `time` (milliseconds since the epoch). */
  of(time: number): string {
    if (time >= this.start && time < this.end) return this.key;
    const d = new Date(time);
    const [year, month, date] = [d.getFullYear(), d.getMonth(), d.getDate()];
    this.start = new Date(year, month, date).getTime();
    this.end = new Date(year, month, date + 1).getTime();
    this.key = `${year}-${month + 1}-${date}`;
    return this.key;
  }
}

/** `today` or `yesterday` as given when the timestamp falls on one of those days, else null. */
export function nearDay(iso: string, today: string, yesterday: string, now = new Date()): string | null {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return today;
  if (key === dayKey(new Date(now.getTime() - 86_400_000).toISOString())) return yesterday;
  return null;
}

/** A day separator's label: `today`/`yesterday` as given, else weekday and date. */
export function formatDay(iso: string, lang: LanguageCode, today: string, yesterday: string, now = new Date()): string {
  const near = nearDay(iso, today, yesterday, now);
  if (near) return near;
  const sameYear = new Date(iso).getFullYear() === now.getFullYear();
  return formatter(lang, { weekday: 'long', month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(
    new Date(iso),
  );
}

const sizeFormats = new Map<string, Intl.NumberFormat>();

/** `1.2 MB` / `1.2 MB` in the viewer's number format. */
export function formatSize(bytes: number, lang: LanguageCode): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  const key = `${lang} ${units[unit]} ${digits}`;
  let format = sizeFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: digits });
    sizeFormats.set(key, format);
  }
  return format.format(value);
}
