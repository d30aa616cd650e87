/**
 * The system's escalation level across the trusts of a collaborative. The integrated OPEL
 * framework 2024–26 asks each ICS for an overall score built from its providers' parameters; its
 * exact aggregation is not confirmed here (see docs/kpis.md), so the method is a configuration,
 * stated on screen with the level (`describeSystemMethod`) and in docs/collaborative.md:
 *
 * - `bed-weighted` (default): the mean of the trusts' levels weighted by each trust's open G&A
 *   beds, rounded half up — a trust of 1,200 beds moves the system more than one of 300 — and
 *   never more than one level below the highest trust: one trust unable to deliver comprehensive
 *   care (OPEL 4) is a system under major pressure (at least OPEL 3), however small it is.
 * - `highest`: the highest level any trust reaches (the simplest to explain at a system call).
 *
 * Only trusts whose data is live vote. A trust that is STALE, restored or not yet heard from is
 * listed as missing, and the result says the level is incomplete: a system level that silently
 * left a trust out would read as an all-clear for it.
 */
import type { OpelLevel } from './computeEscalationLevel.ts'

export const SYSTEM_ESCALATION_METHODS = ['bed-weighted', 'highest'] as const
export type SystemEscalationMethod = (typeof SYSTEM_ESCALATION_METHODS)[number]

/** One trust's vote. */
export type TrustEscalation = {
  readonly trust: string
  /** Null when the trust has no level (no beds in scope, no site model yet). */
  readonly level: OpelLevel | null
  /** Open G&A beds (core and escalation): the weight in `bed-weighted`. */
  readonly gaOpenBeds: number
  /** Whether its data is live now; a trust that is not does not vote. */
  readonly live: boolean
}

export type SystemEscalationResult = {
  /** Null when no trust votes. */
  readonly level: OpelLevel | null
  readonly method: SystemEscalationMethod
  /** The unrounded weighted mean (bed-weighted), for the provenance line. */
  readonly score: number | null
  /** Trusts that voted, highest level first. */
  readonly voting: readonly string[]
  /** Trusts left out because their data is not live or they have no level. */
  readonly missing: readonly string[]
  /** The trusts at the system's level or above: what drives it. */
  readonly drivers: readonly string[]
  /** Whether the floor (highest trust − 1) raised the weighted result. */
  readonly raisedByFloor: boolean
}

const clampLevel = (value: number): OpelLevel => Math.min(4, Math.max(1, value)) as OpelLevel

/** The system level under `method`. Pure. */
export function computeSystemEscalation(
  trusts: readonly TrustEscalation[],
  method: SystemEscalationMethod = 'bed-weighted',
): SystemEscalationResult {
  const voting = trusts
    .filter((t): t is TrustEscalation & { level: OpelLevel } => t.live && t.level !== null)
    .sort((a, b) => b.level - a.level || b.gaOpenBeds - a.gaOpenBeds)
  const missing = trusts.filter((t) => !voting.includes(t as TrustEscalation & { level: OpelLevel }))
  const base = {
    method,
    voting: voting.map((t) => t.trust),
    missing: missing.map((t) => t.trust),
  }
  const highest = voting[0]?.level
  if (highest === undefined) return { ...base, level: null, score: null, drivers: [], raisedByFloor: false }

  let level: OpelLevel
  let score: number | null = null
  let raisedByFloor = false
  switch (method) {
    case 'highest':
      level = highest
      break
    case 'bed-weighted': {
      const weight = voting.reduce((sum, t) => sum + t.gaOpenBeds, 0)
      // With no open G&A beds anywhere, every trust counts the same.
      score =
        weight === 0
          ? voting.reduce((sum, t) => sum + t.level, 0) / voting.length
          : voting.reduce((sum, t) => sum + t.level * t.gaOpenBeds, 0) / weight
      const weighted = clampLevel(Math.floor(score + 0.5))
      const floor = clampLevel(highest - 1)
      raisedByFloor = floor > weighted
      level = raisedByFloor ? floor : weighted
      break
    }
    default: {
      const unknown: never = method
      throw new Error(`unknown system escalation method ${String(unknown)}`)
    }
  }
  const drivers = level === 1 ? [] : voting.filter((t) => t.level >= level).map((t) => t.trust)
  return { ...base, level, score, drivers, raisedByFloor }
}

/** The method in words, for the screen beside the level and for exports. */
export function describeSystemMethod(method: SystemEscalationMethod): string {
  switch (method) {
    case 'bed-weighted':
      return 'Trusts’ OPEL levels weighted by open G&A beds, rounded; never more than one below the highest trust. Live trusts only.'
    case 'highest':
      return 'The highest OPEL level of any trust. Live trusts only.'
    default: {
      const unknown: never = method
      throw new Error(`unknown system escalation method ${String(unknown)}`)
    }
  }
}
