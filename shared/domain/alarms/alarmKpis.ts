import { KPI_DEFINITIONS, type KpiDefinition } from '../kpis/kpiDefinitions.ts'

/** The KPIs a `kpi-threshold` rule can watch (the rule pack's `kpi` field). */
export const ALARM_KPI_IDS = ['occupancy'] as const
export type AlarmKpiId = (typeof ALARM_KPI_IDS)[number]

/**
 * Each alarm KPI is one of the board's KPI definitions, so the alarm's detail names and measures it
 * exactly as the tile does ("G&A occupancy 93.1 % at City General"): the label and unit are data
 * from `KPI_DEFINITIONS`, never written into the engine.
 */
const ALARM_KPI_DEFINITION: Readonly<Record<AlarmKpiId, string>> = {
  occupancy: 'beds.ga-occupancy',
}

/** How an alarm's detail writes a KPI value. */
export type AlarmKpiFormat = { readonly label: string; readonly unit: string; readonly decimals: number }

export function alarmKpiFormat(kpi: AlarmKpiId): AlarmKpiFormat {
  const id = ALARM_KPI_DEFINITION[kpi]
  const definition: KpiDefinition | undefined = KPI_DEFINITIONS.find((d) => d.id === id)
  // A KPI id missing from the catalogue is a bug caught by alarmKpis.test.ts, not bad input.
  if (definition === undefined) throw new Error(`alarm KPI ${kpi} names unknown KPI definition ${id}`)
  return { label: definition.label, unit: definition.unit, decimals: 1 }
}
