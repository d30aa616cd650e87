import { describe, expect, it } from 'vitest'
import { ENTITY_TABLES } from './entityTables.ts'
import { compareCells } from './tableColumns.ts'

describe('table columns (sort order from the spec data)', () => {
  it('sorts a status column by its sortRank, most urgent first, not alphabetically', () => {
    const status = ENTITY_TABLES.network.columns.find((c) => c.id === 'status')
    const sorted = ['up', 'degraded', 'down', 'unknown'].sort((a, b) => compareCells(a, b, status?.sortRank))
    expect(sorted).toEqual(['down', 'unknown', 'degraded', 'up'])
  })

  it('sorts cyber severity and status by their ranks', () => {
    const columns = ENTITY_TABLES.cyber.columns
    const severity = columns.find((c) => c.id === 'severity')?.sortRank
    const status = columns.find((c) => c.id === 'status')?.sortRank
    expect(['low', 'critical', 'info', 'high'].sort((a, b) => compareCells(a, b, severity))).toEqual([
      'critical',
      'high',
      'low',
      'info',
    ])
    expect(['resolved', 'new', 'investigating'].sort((a, b) => compareCells(a, b, status))).toEqual([
      'new',
      'investigating',
      'resolved',
    ])
  })

  it('sorts names as people read them and missing values last when a column has no rank', () => {
    expect(['Ward 10', null, 'Ward 2'].sort((a, b) => compareCells(a, b, undefined))).toEqual([
      'Ward 2',
      'Ward 10',
      null,
    ])
  })
})
