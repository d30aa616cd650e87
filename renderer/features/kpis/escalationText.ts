/**
 * The escalation level in words: a parameter's value with its unit, its thresholds, and the line
 * of drivers under the OPEL tile ("G&A occupancy 86.2 % · G&A beds free 4.7 %").
 */
import type {
  EscalationParameterResult,
  EscalationResult,
} from '../../../shared/domain/kpis/computeEscalationLevel.ts'

/** A parameter's value with its unit: "86.2 %", "7 beds", "2.1 % of core", or "—" with none. */
export function formatParameterValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—'
  const n = Math.round(value * 10) / 10
  return unit === '' ? String(n) : `${n} ${unit}`
}

/** The value at which the parameter reaches a level, with its direction: "≥ 92 %", "≤ 4 %". */
export function formatThreshold(p: EscalationParameterResult, level: 2 | 3 | 4): string {
  const at = p.levels[level - 2]
  return `${p.direction === 'higher-is-worse' ? '≥' : '≤'} ${formatParameterValue(at ?? null, p.unit)}`
}

/**
 * The parameters that drove the level, in short words — with their values ("NCTR 14.1 %"), or
 * names only for a tile too short for the values (the Details have them); "No trigger reached"
 * at OPEL 1.
 */
export function driversText(result: EscalationResult, withValues = true): string {
  if (result.drivers.length === 0) return 'No trigger reached'
  return result.drivers
    .map((id) => result.parameters.find((p) => p.input === id))
    .filter((p): p is EscalationParameterResult => p !== undefined)
    .map((p) => (withValues ? `${p.shortLabel} ${formatParameterValue(p.value, p.unit)}` : p.shortLabel))
    .join(' · ')
}
