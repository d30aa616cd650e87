/**
 * Durations in rule packs are written the way operators say them ("60s", "10m", "24h", "1h30m")
 * rather than as milliseconds, so a pack reads like the policy it encodes.
 */

const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/

/** The message every duration error carries, so a pack author sees the expected form. */
export const DURATION_HINT = 'expected duration like "60m"'

/**
 * Milliseconds in a duration such as `"90s"`, `"60m"`, `"24h"`, `"1h30m"` or `"0s"`; `null` when the
 * text is not a duration. Units: d, h, m, s, in that order, each at most once.
 */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim())
  if (match === null || text.trim() === '') return null
  const [, d, h, m, s] = match
  const part = (v: string | undefined, ms: number): number => (v === undefined ? 0 : Number(v) * ms)
  return part(d, 86_400_000) + part(h, 3_600_000) + part(m, 60_000) + part(s, 1_000)
}

/** A short human form of a duration, for alarm details ("90 s", "60 min", "24 h"). */
export function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / 3_600_000)} h`
}
