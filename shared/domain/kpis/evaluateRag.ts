/**
 * RAG (red / amber / green) evaluation. `none` when the KPI has no thresholds or no value — a
 * missing value is never shown as green.
 */
import type { KpiDefinition, KpiThresholds, KpiUnit } from './kpiDefinitions.ts'
import type { KpiStats } from './computeKpiStats.ts'
import type { KpiScope } from './kpiScope.ts'
import { assertNever } from '../../util/assertNever.ts'

export type Rag = 'green' | 'amber' | 'red' | 'none'

/** Text that goes with the colour, so RAG is never carried by colour alone. */
export const RAG_LABEL: Readonly<Record<Rag, string>> = {
  green: 'OK',
  amber: 'WARN',
  red: 'ALERT',
  none: '—',
}

/** Evaluates a value against thresholds (inclusive: reaching the red value is red). */
export function evaluateRag(value: number | null, thresholds: KpiThresholds | null): Rag {
  if (value === null || thresholds === null || Number.isNaN(value)) return 'none'
  if (thresholds.direction === 'higher-is-worse') {
    if (value >= thresholds.red) return 'red'
    if (value >= thresholds.amber) return 'amber'
    return 'green'
  }
  if (value <= thresholds.red) return 'red'
  if (value <= thresholds.amber) return 'amber'
  return 'green'
}

/** A trust's thresholds by KPI id (null removes RAG from that KPI). */
export type ThresholdOverrides = Readonly<Record<string, KpiThresholds | null>>

/** The thresholds in force for a KPI: the trust's override, else the definition's default. */
export function thresholdsFor(def: KpiDefinition, overrides: ThresholdOverrides = {}): KpiThresholds | null {
  return Object.hasOwn(overrides, def.id) ? (overrides[def.id] ?? null) : def.thresholds
}

export type KpiReading = {
  readonly id: string
  readonly value: number | null
  readonly rag: Rag
}

/** Reads and evaluates one KPI for a scope. */
export function readKpi(
  def: KpiDefinition,
  stats: KpiStats,
  scope: KpiScope,
  overrides: ThresholdOverrides = {},
): KpiReading {
  const value = def.compute(stats, scope)
  return { id: def.id, value, rag: evaluateRag(value, thresholdsFor(def, overrides)) }
}

/** Formats a KPI value for a tile: percentages to one decimal, counts as integers. */
export function formatKpiValue(value: number | null, unit: KpiUnit): string {
  if (value === null || Number.isNaN(value)) return '—'
  switch (unit) {
    case '%':
      return `${value.toFixed(1)}%`
    case 'min':
      return `${Math.round(value)} min`
    case 'ms':
      return `${Math.round(value)} ms`
    case 'level':
      return `OPEL ${value}`
    case 'beds':
    case 'count':
      return String(Math.round(value))
    default:
      return assertNever(unit, 'KPI unit')
  }
}
