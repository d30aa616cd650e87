import { describe, expect, it } from 'vitest'
import { KPI_DEFINITIONS } from '../kpis/kpiDefinitions.ts'
import { ALARM_KPI_IDS, alarmKpiFormat } from './alarmKpis.ts'

describe('alarm KPIs', () => {
  it('names each alarm KPI as the board’s KPI definition does, label and unit', () => {
    for (const kpi of ALARM_KPI_IDS) expect(() => alarmKpiFormat(kpi)).not.toThrow()
    const tile = KPI_DEFINITIONS.find((d) => d.id === 'beds.ga-occupancy')
    expect(alarmKpiFormat('occupancy')).toEqual({ label: tile?.label, unit: tile?.unit, decimals: 1 })
  })
})
