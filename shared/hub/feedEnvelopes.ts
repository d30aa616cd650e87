import { z } from 'zod'
import { topicSchema } from '../contracts/entities.ts'
import { feedErrorSchema, restoredTopicSchema } from '../contracts/feed.ts'

// Envelopes are checked first and entities one by one, so one malformed entity is rejected and
// counted while the rest of its batch is applied (docs/architecture.md: bad input loses nothing else).
export const batchEnvelopeSchema = z.object({
  topic: topicSchema,
  seq: z.number().int().positive(),
  upserts: z.array(z.unknown()),
  removes: z.array(z.string()),
  serverTime: z.number(),
})
export type BatchEnvelope = z.infer<typeof batchEnvelopeSchema>

const snapshotEnvelopeSchema = z.object({
  topic: topicSchema,
  seq: z.number().int().nonnegative(),
  entities: z.array(z.unknown()),
  serverTime: z.number(),
})
export const subscribeAckEnvelopeSchema = z.union([
  z.object({
    ok: z.literal(true),
    snapshots: z.array(snapshotEnvelopeSchema),
    resumed: z.array(z.object({ topic: topicSchema, batches: z.array(batchEnvelopeSchema) })).optional(),
  }),
  feedErrorSchema,
])
export const sourcesEnvelopeSchema = z.object({
  sources: z.array(z.unknown()),
  serverTime: z.number(),
  restored: z.array(restoredTopicSchema).optional(),
})
export const alarmActionsEnvelopeSchema = z.object({ records: z.array(z.unknown()) })
export const alarmConditionsEnvelopeSchema = z.object({ conditions: z.array(z.unknown()) })
