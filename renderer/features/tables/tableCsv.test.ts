import { describe, expect, it } from 'vitest'
import { buildSiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { HOUR, makeBed, MIN, NOW, SITE_MODEL } from '../../../tests/support/kpiFixtures.ts'
import type { BedPlace, SiteModel } from '../../../shared/contracts/places.ts'
import { createRowCache, ENTITY_TABLES } from './entityTables.ts'
import { tableCsv } from './tableCsv.ts'

const beds = ENTITY_TABLES.beds
const visible = (ids: readonly string[]) => beds.columns.filter((c) => ids.includes(c.id))

describe('tableCsv', () => {
  // b5 sits in bay W1-B; give it a bay label as the demo trust's beds have.
  const model: SiteModel = {
    ...SITE_MODEL,
    beds: SITE_MODEL.beds.map((b): BedPlace => (b.id === 'b5' ? { ...b, bayLabel: 'Bay B' } : b)),
  }
  const index = buildSiteIndex(model)
  const rows = createRowCache(beds, () => NOW)(
    new Map([['b5', makeBed({ id: 'b5', status: 'occupied', statusSince: NOW - 3 * HOUR - 5 * MIN })]]),
    index,
  )

  it('exports "In status" as the duration the screen shows, with the ISO time in its own column', () => {
    const lines = tableCsv(beds, visible(['label', 'status', 'since']), rows, NOW).split('\r\n')
    expect(lines[0]).toBe('Bed,Site,Ward,Bay,Status,In status,In status since (UTC)')
    expect(lines[1]).toBe('b5,North General,W1,Bay B,Occupied,3 h 5 min,2026-11-21T06:55:00.000Z')
    expect(lines[2]).toBe('')
  })

  it('always exports the full place, even with the place columns hidden', () => {
    const [header] = tableCsv(beds, visible(['status']), rows, NOW).split('\r\n')
    expect(header).toBe('Bed,Site,Ward,Bay,Status')
  })
})
