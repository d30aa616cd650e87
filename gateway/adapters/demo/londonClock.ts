/**
 * Local (Europe/London) hour and day of a simulated instant, for time-of-day dynamics: discharges
 * peak in the afternoon, admissions in the evening, board rounds in the morning — by the clock on
 * the ward wall, including BST.
 */
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  hourCycle: 'h23',
})

export type LondonClock = {
  /** Local hour, 0–23. */
  hour(t: number): number
  /** Local calendar day as a day number (changes at local midnight). */
  day(t: number): number
}

/** Caches the UTC offset per UTC hour, so a tick costs no Intl call. */
export function createLondonClock(): LondonClock {
  let bucket = Number.NaN
  let offsetHours = 0
  const offset = (t: number): number => {
    const b = Math.floor(t / HOUR_MS)
    if (b !== bucket) {
      bucket = b
      const local = Number(hourFormat.format(t))
      const utc = new Date(t).getUTCHours()
      offsetHours = (((local - utc) % 24) + 24) % 24
      if (offsetHours > 12) offsetHours -= 24
    }
    return offsetHours * HOUR_MS
  }
  return {
    hour: (t) => Math.floor(((t + offset(t)) % DAY_MS) / HOUR_MS),
    day: (t) => Math.floor((t + offset(t)) / DAY_MS),
  }
}
