/**
 * The `alarms` section of the gateway config: the rule pack the gateway's own engine evaluates,
 * how long a shelve may last, how fast one display may act on alarms, and how much action history
 * is kept for clients that connect later. Documented in docs/gateway-config.md.
 */
import { z } from 'zod'
import { DURATION_HINT, formatDuration, parseDuration } from '../../shared/domain/alarms/parseDuration.ts'

const HOUR = 3_600_000

/** A duration like `12h` or `90m` within [min, max] ms. */
function boundedDuration(minMs: number, maxMs: number, label: string) {
  return z.string({ error: DURATION_HINT }).transform((text, ctx) => {
    const ms = parseDuration(text)
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: DURATION_HINT })
      return z.NEVER
    }
    if (ms < minMs || ms > maxMs) {
      ctx.addIssue({
        code: 'custom',
        message: `${label} must lie between ${formatDuration(minMs)} and ${formatDuration(maxMs)}`,
      })
      return z.NEVER
    }
    return ms
  })
}

export const alarmActionRateSchema = z
  .object({
    /** Actions one display may send at once (a supervisor acknowledging a screenful). */
    burst: z.number().int().min(1).max(1_000).default(20),
    /** Sustained actions per minute per display once the burst is spent. */
    perMinute: z.number().int().min(1).max(6_000).default(60),
  })
  .strict()

export const alarmsConfigSchema = z
  .object({
    /** Alarm actions kept in the in-memory history (the relay of the most recent actions). */
    historySize: z.number().int().min(10).max(100_000).default(500),
    /**
     * The rule pack (YAML or JSON, relative to the config file) the gateway's engine evaluates.
     * Default: the bundled NHS pack, the one the app bundles — clients and gateway must use the
     * same rules, or their fingerprints differ.
     */
    rules: z.string().min(1).optional(),
    /** The longest a shelve may last (ISA-18.2 shelving is always time-limited): one shift. */
    maxShelve: boundedDuration(60_000, 24 * HOUR, 'maxShelve').default(12 * HOUR),
    /** Per-display rate of alarm actions; past it actions are refused, counted and logged. */
    actionRate: alarmActionRateSchema.default(alarmActionRateSchema.parse({})),
  })
  .strict()
export type AlarmsConfig = z.output<typeof alarmsConfigSchema>
