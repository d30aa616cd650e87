/**
 * Staleness: data older than its topic's threshold is never shown as live (docs/architecture.md, "Rules that
 * are never broken"). Thresholds are per topic because the sources differ: RTLS positions arrive
 * every few seconds, SNMP polls every 30–60 s, ADT only when something happens (so the beds feed's
 * freshness is judged from its source heartbeat, not from the last bed change).
 */
import type { Topic } from '../contracts/entities.ts'

/** Default age after which a topic's data is STALE, in milliseconds. */
export const DEFAULT_STALE_AFTER_MS: Readonly<Record<Topic, number>> = {
  beds: 30_000,
  assets: 30_000,
  network: 90_000,
  cyber: 120_000,
  // Judged from its source's heartbeat like beds: the extract itself comes once a day, and the PTL
  // source reports itself degraded when the next one is late (docs/ptl.md).
  waiting: 120_000,
}

/**
 * `restored`: the gateway restarted and restored this state from its change log, and no source has
 * delivered since — shown as RESTORED, never as live (and never as an all-clear).
 * `replay`: the window replays the past from the log (docs/replay.md) — shown as REPLAY.
 */
export type Freshness = 'live' | 'stale' | 'unknown' | 'restored' | 'replay'

/**
 * The freshness of a topic's data given when it was last confirmed live (a batch or a healthy
 * source report) and the current time. `null` means never confirmed.
 */
export function freshnessOf(lastConfirmedAt: number | null, now: number, staleAfterMs: number): Freshness {
  if (lastConfirmedAt === null) return 'unknown'
  return now - lastConfirmedAt > staleAfterMs ? 'stale' : 'live'
}
