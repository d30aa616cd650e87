/** When the gateway takes the SitRep bed snapshot (docs/gateway-config.md#sitrep). */
import { z } from 'zod'

const timeZoneSchema = z
  .string()
  .min(1)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone })
      return true
    } catch {
      // Intl throws a RangeError for an unknown zone: that is the answer, not a failure.
      return false
    }
  }, 'expected an IANA time zone such as Europe/London')

export const sitrepConfigSchema = z
  .object({
    /** The trust's time zone: "08:00" and "today" are the trust's, not the machine's. */
    timeZone: timeZoneSchema.default('Europe/London'),
    /** The snapshot's hour (the UEC daily sitrep's bed figures are an 08:00 snapshot). */
    hour: z.number().int().min(0).max(23).default(8),
  })
  .strict()
export type SitrepConfig = z.output<typeof sitrepConfigSchema>
