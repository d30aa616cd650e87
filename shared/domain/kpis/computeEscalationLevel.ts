/**
 * An OPEL-style escalation level (1–4) computed from live bed figures, with its provenance: every
 * parameter's value and level, and which of them drove the result.
 *
 * OPEL levels (NHS England): 1 flow maintained; 2 signs of pressure; 3 major pressures
 * compromising flow; 4 unable to deliver comprehensive care. The integrated OPEL framework
 * 2024–26 scores a set of acute parameters; its exact list, weights and thresholds are a trust's
 * configuration here (not confirmed against the framework's tables — see docs/kpis.md), so the
 * parameters below are defaults to be replaced by the trust's own.
 */
import type { BedCounts } from './computeBedStats.ts'
import { gaOccupancyPct, nctrPct } from './computeBedStats.ts'

export type OpelLevel = 1 | 2 | 3 | 4

/** The live inputs an escalation parameter can read. */
export const ESCALATION_INPUTS = [
  'ga-occupancy-pct',
  'ga-free-beds',
  'ga-free-beds-pct',
  'nctr-pct',
  'escalation-beds-open',
  'escalation-beds-open-pct',
  'housekeeping-overdue',
] as const
export type EscalationInputId = (typeof ESCALATION_INPUTS)[number]
export type EscalationInputs = Readonly<Record<EscalationInputId, number | null>>

export type EscalationParameter = {
  readonly input: EscalationInputId
  readonly label: string
  /** A few letters for the line of drivers under the tile ("NCTR"); the label when absent. */
  readonly shortLabel?: string
  readonly unit: string
  /** `higher-is-worse`: the level rises as the value rises (occupancy); `lower-is-worse`: free beds. */
  readonly direction: 'higher-is-worse' | 'lower-is-worse'
  /** The values at which this parameter reaches OPEL 2, 3 and 4 (inclusive). */
  readonly levels: readonly [number, number, number]
  /** Weight in the `weighted` method; ignored by `highest`. */
  readonly weight: number
}

export type EscalationConfig = {
  /**
   * `highest`: the level is the highest any parameter reaches (simple to explain at a bed meeting).
   * `weighted`: the weighted mean of parameter levels, rounded half up (closer to the 2024–26 scoring).
   */
  readonly method: 'highest' | 'weighted'
  readonly parameters: readonly EscalationParameter[]
}

/** Defaults for an acute trust; a trust replaces them with its agreed triggers. */
export const DEFAULT_ESCALATION_CONFIG: EscalationConfig = {
  method: 'highest',
  parameters: [
    {
      input: 'ga-occupancy-pct',
      label: 'G&A occupancy',
      shortLabel: 'G&A occ.',
      unit: '%',
      direction: 'higher-is-worse',
      levels: [85, 92, 97],
      weight: 3,
    },
    {
      input: 'ga-free-beds-pct',
      label: 'G&A beds free',
      shortLabel: 'G&A free',
      unit: '%',
      direction: 'lower-is-worse',
      levels: [8, 4, 1],
      weight: 2,
    },
    {
      input: 'nctr-pct',
      label: 'No criteria to reside',
      shortLabel: 'NCTR',
      unit: '%',
      direction: 'higher-is-worse',
      levels: [10, 15, 20],
      weight: 2,
    },
    {
      input: 'escalation-beds-open-pct',
      label: 'Escalation beds open',
      shortLabel: 'Escalation',
      unit: '% of core',
      direction: 'higher-is-worse',
      levels: [1, 3, 6],
      weight: 1,
    },
    {
      input: 'housekeeping-overdue',
      label: 'Cleans overdue',
      unit: 'beds',
      direction: 'higher-is-worse',
      levels: [5, 15, 30],
      weight: 1,
    },
  ],
}

export type EscalationParameterResult = {
  readonly input: EscalationInputId
  readonly label: string
  readonly shortLabel: string
  readonly unit: string
  /** The parameter's thresholds, so its level can be shown with what it was measured against. */
  readonly direction: EscalationParameter['direction']
  readonly levels: EscalationParameter['levels']
  readonly value: number | null
  /** Null when the input has no value (no beds in scope): the parameter does not vote. */
  readonly level: OpelLevel | null
  readonly weight: number
}

export type EscalationResult = {
  readonly level: OpelLevel
  readonly parameters: readonly EscalationParameterResult[]
  /** Inputs that drove the level (empty at OPEL 1: nothing is pushing it up). */
  readonly drivers: readonly EscalationInputId[]
}

/** Reads the escalation inputs from a scope's bed counters. */
export function escalationInputsOf(c: BedCounts): EscalationInputs {
  const gaOpen = c.gaCore.open + c.gaEscalation.open
  const gaFree = c.gaCore.free + c.gaEscalation.free
  const core = c.capacity - c.escalationOpen
  return {
    'ga-occupancy-pct': gaOccupancyPct(c),
    'ga-free-beds': gaOpen === 0 ? null : gaFree,
    'ga-free-beds-pct': gaOpen === 0 ? null : (100 * gaFree) / gaOpen,
    'nctr-pct': nctrPct(c),
    'escalation-beds-open': c.escalationOpen,
    'escalation-beds-open-pct': core === 0 ? null : (100 * c.escalationOpen) / core,
    'housekeeping-overdue': c.housekeepingOverdue,
  }
}

function levelOf(value: number, p: EscalationParameter): OpelLevel {
  let level: OpelLevel = 1
  p.levels.forEach((threshold, i) => {
    const reached = p.direction === 'higher-is-worse' ? value >= threshold : value <= threshold
    if (reached) level = (i + 2) as OpelLevel
  })
  return level
}

/** Computes the level from the inputs under a configuration. Pure. */
export function computeEscalationLevel(
  inputs: EscalationInputs,
  config: EscalationConfig = DEFAULT_ESCALATION_CONFIG,
): EscalationResult {
  const parameters: EscalationParameterResult[] = config.parameters.map((p) => {
    const value = inputs[p.input]
    return {
      input: p.input,
      label: p.label,
      shortLabel: p.shortLabel ?? p.label,
      unit: p.unit,
      direction: p.direction,
      levels: p.levels,
      value,
      level: value === null ? null : levelOf(value, p),
      weight: p.weight,
    }
  })
  const voting = parameters.filter(
    (p): p is EscalationParameterResult & { level: OpelLevel } => p.level !== null,
  )
  let level: OpelLevel = 1
  if (voting.length > 0) {
    if (config.method === 'highest') {
      level = Math.max(...voting.map((p) => p.level)) as OpelLevel
    } else {
      const weightSum = voting.reduce((s, p) => s + p.weight, 0)
      const mean = weightSum === 0 ? 1 : voting.reduce((s, p) => s + p.weight * p.level, 0) / weightSum
      level = Math.min(4, Math.max(1, Math.floor(mean + 0.5))) as OpelLevel
    }
  }
  const drivers =
    level === 1
      ? []
      : voting
          .filter((p) => p.level >= level)
          .sort((a, b) => b.level * b.weight - a.level * a.weight)
          .map((p) => p.input)
  return { level, parameters, drivers }
}
