/**
 * Times as a replaying window shows them: the band's `hh:mm:ss` on the wall's clock, and the
 * `datetime-local` value of the time picker (local time, to the second).
 */

/** `hh:mm:ss`, 24-hour, local time. */
export function formatReplayClock(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  })
}

/** The day of a replayed moment ("Thu 3 Dec"), shown beside the clock when it is not today. */
export function formatReplayDay(at: number, now: number): string | null {
  const day = new Date(at)
  if (day.toDateString() === new Date(now).toDateString()) return null
  return day.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** A `datetime-local` input's value for `at` (local time, seconds). */
export function toDateTimeLocal(at: number): string {
  const d = new Date(at)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** Epoch ms from a `datetime-local` value; null when it is empty or not a time. */
export function fromDateTimeLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null
  const at = new Date(value).getTime()
  return Number.isFinite(at) ? at : null
}

/** Where `at` sits on a strip from `from` to `to`, 0–1 (clamped). */
export function stripFraction(at: number, from: number, to: number): number {
  if (to <= from) return 1
  return Math.min(1, Math.max(0, (at - from) / (to - from)))
}
