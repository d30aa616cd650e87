/**
 * The SitRep's 08:00 in the trust's time zone (Europe/London for an NHS trust), whatever zone the
 * machine runs in: a gateway in a UTC container must still take the snapshot at 08:00 BST in
 * summer, 07:00 UTC. Pure (Intl only), so the gateway and the renderer agree on "which day".
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall-clock fields of `at` in `timeZone`. */
function fieldsOf(
  at: number,
  timeZone: string,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {}
  for (const part of formatterOf(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return {
    y: parts['year'] ?? 0,
    m: parts['month'] ?? 0,
    d: parts['day'] ?? 0,
    h: parts['hour'] ?? 0,
    mi: parts['minute'] ?? 0,
    s: parts['second'] ?? 0,
  }
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** A trust-local day as `YYYY-MM-DD`. */
export const SITREP_DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/** The trust-local calendar day of `at`, as `YYYY-MM-DD`. */
export function localDayOf(at: number, timeZone: string): string {
  const f = fieldsOf(at, timeZone)
  return `${f.y}-${pad(f.m)}-${pad(f.d)}`
}

/**
 * The instant when the wall clock in `timeZone` reads `hour`:00 on `day` (`YYYY-MM-DD`); null
 * when `day` is not a calendar date. 08:00 is never inside a UK clock change (01:00–02:00).
 */
export function localTimeOn(day: string, hour: number, timeZone: string): number | null {
  if (!SITREP_DAY_PATTERN.test(day)) return null
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const guess = Date.UTC(y, m - 1, d, hour)
  const check = new Date(guess)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null
  // The zone's offset at the guess, then once more at the answer (the offset may differ across it).
  const offsetAt = (at: number): number => {
    const f = fieldsOf(at, timeZone)
    return Date.UTC(f.y, f.m - 1, f.d, f.h, f.mi, f.s) - at
  }
  const first = guess - offsetAt(guess)
  return guess - offsetAt(first)
}

/** The most recent `hour`:00 trust-local at or before `now` (the snapshot due). */
export function latestLocalTime(now: number, timeZone: string, hour = 8): number {
  const today = localTimeOn(localDayOf(now, timeZone), hour, timeZone)
  if (today === null) throw new Error(`no ${hour}:00 in ${timeZone}`)
  if (today <= now) return today
  const yesterday = localTimeOn(localDayOf(today - 24 * 3_600_000, timeZone), hour, timeZone)
  if (yesterday === null) throw new Error(`no ${hour}:00 in ${timeZone}`)
  return yesterday
}
