import { PlazaError } from '@plaza/protocol';

const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter for the zone; `bad_request` for a name the zone database does not know. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    } catch {
      throw new PlazaError('bad_request', `timeZone: unknown time zone ${timeZone}`);
    }
    // zones are few; the cache stays small
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  /** The wall clock as if it were UTC, in ms. */
  wall: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function localTime(instant: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const wall = Date.UTC(year, month - 1, day, Number(parts.hour), Number(parts.minute), Number(parts.second));
  return { year, month, day, weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Mon'), wall };
}

/** The instant the zone's wall clock shows midnight of that local date (DST-safe: the offset is re-read at the result). */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall - (localTime(wall, timeZone).wall - wall);
  guess = wall - (localTime(guess, timeZone).wall - guess);
  return guess;
}

/**
 * The current week in the viewer's zone, Monday 00:00 to the next Monday 00:00, as UTC
 * epoch milliseconds: what "due this week" means to someone in Shanghai differs from
 * someone in Berlin.
 *
 * @example
 * weekRange(Date.parse('2026-03-04T12:00:00Z'), 'Asia/Shanghai'); // [2026-03-01T16:00Z, 2026-03-08T16:00Z)
 */
export function weekRange(now: number, timeZone: string): { from: number; to: number } {
  const local = localTime(now, timeZone);
  const monday = new Date(Date.UTC(local.year, local.month - 1, local.day) - local.weekday * DAY);
  const next = new Date(monday.getTime() + 7 * DAY);
  return {
    from: localMidnight(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), timeZone),
    to: localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
  };
}
