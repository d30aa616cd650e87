/**
 * Incident replay (docs/replay.md): a window's state rebuilt as it was at a past moment, from the
 * gateway's change log, delivered through the same hub → window messages as live data. The only
 * thing a window sees beyond that is {@link ReplayStatus} (the band, the controls) and, while it
 * replays, the live alarms beside the replayed ones (the banner and the sound stay live).
 */
import { z } from 'zod'
import { alarmPrioritySchema } from './alarms.ts'

/** Playback speeds: real time, and two fast-forwards that make an hour take 6 or 1 minutes. */
export const REPLAY_SPEEDS = [1, 10, 60] as const
export const replaySpeedSchema = z.union([z.literal(1), z.literal(10), z.literal(60)])
export type ReplaySpeed = z.infer<typeof replaySpeedSchema>

/** A mark on the timeline strip: an alarm raised, or one acknowledged (who, why). */
export const replayMarkerSchema = z.object({
  at: z.number(),
  kind: z.enum(['raised', 'acknowledged']),
  priority: alarmPrioritySchema,
  title: z.string(),
  fingerprint: z.string(),
  /** Who acknowledged (acknowledged marks). */
  by: z.string().nullable(),
})
export type ReplayMarker = z.infer<typeof replayMarkerSchema>

/** What a replaying window shows in its band and controls. */
export const replayStatusSchema = z.object({
  /** The replayed moment (epoch ms): the state shown is the log's state at this time. */
  at: z.number(),
  speed: replaySpeedSchema,
  playing: z.boolean(),
  /** The strip's range: from `rangeFrom` to the live present when replay began (`rangeTo`). */
  rangeFrom: z.number(),
  rangeTo: z.number(),
  /** Rebuilding the state for a new moment (the board keeps showing the last one until then). */
  loading: z.boolean(),
  /** Why the moment cannot be shown (the log no longer reaches back that far, the gateway refused). */
  error: z.string().nullable(),
  /** Playback reached the live present and stopped there (press Live to return). */
  caughtUp: z.boolean(),
  markers: z.array(replayMarkerSchema),
})
export type ReplayStatus = z.infer<typeof replayStatusSchema>

/** What a window asks of its host's replay (the IPC argument in Electron, a call in a browser). */
export const replayCommandSchema = z.discriminatedUnion('type', [
  /** Enter replay (or move within it) at `at`; `rangeFrom` sets the strip's start. */
  z.object({
    type: z.literal('seek'),
    at: z.number().int().positive(),
    rangeFrom: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal('play'), speed: replaySpeedSchema }),
  z.object({ type: z.literal('pause') }),
  /** To the next alarm raised or acknowledged after the replayed moment. */
  z.object({ type: z.literal('next-alarm') }),
  /** Back to live, in one action. */
  z.object({ type: z.literal('live') }),
])
export type ReplayCommand = z.infer<typeof replayCommandSchema>

export const replayCommandResultSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type ReplayCommandResult = z.infer<typeof replayCommandResultSchema>
