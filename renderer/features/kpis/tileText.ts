import { formatKpiValue, readKpi, type KpiReading } from '../../../shared/domain/kpis/evaluateRag.ts'
import type { KpiDefinition } from '../../../shared/domain/kpis/kpiDefinitions.ts'
import type { KpiScope } from '../../../shared/domain/kpis/kpiScope.ts'
import type { KpiStats } from '../../../shared/domain/kpis/computeKpiStats.ts'
import { whyNoValue } from '../../../shared/domain/kpis/whyNoValue.ts'

/** What a tile shows: its reading, the value as text, and — whenever that text is a dash — why. */
export type TileText = {
  readonly reading: KpiReading
  readonly value: string
  /** Null exactly when the tile has a value to show. */
  readonly why: string | null
}

/**
 * A tile's words. The reason goes with the dash itself, not with a null value: a value that
 * formats as "—" some other way (a 0/0 mean, NaN) must say why too — never a bare dash.
 */
export function tileText(def: KpiDefinition, stats: KpiStats, scope: KpiScope): TileText {
  const reading = readKpi(def, stats, scope)
  const value = formatKpiValue(reading.value, def.unit)
  const dash = value === '—' || reading.value === null || !Number.isFinite(reading.value)
  return {
    reading,
    value: dash ? '—' : value,
    why: dash ? whyNoValue(def, stats, scope) : null,
  }
}
