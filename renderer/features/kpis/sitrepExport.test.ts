import { describe, expect, it } from 'vitest'
import { BED_SITREP_HEADER } from '../../../shared/domain/kpis/bedSitrep.ts'
import { fetchSitrepFile, todayOf } from './sitrepExport.ts'

const EIGHT = Date.UTC(2026, 10, 20, 8)
const answer = {
  day: '2026-11-20',
  timeZone: 'Europe/London',
  source: 'computed',
  takenAt: EIGHT + 3_600_000,
  sitrep: {
    snapshotAt: EIGHT,
    trustName: 'Synthetic NHS Trust',
    rows: [
      {
        siteId: null,
        siteName: 'Trust total',
        gaCoreOpen: 10,
        gaEscalationOpen: 2,
        gaCoreOccupied: 9,
        gaEscalationOccupied: 1,
        gaOccupancyPct: 83.3,
        gaClosedByReason: { 'infection-dv': 1, 'infection-other': 0, staffing: 0, estates: 0, other: 0 },
        gaLongStay7: 3,
        gaLongStay14: 2,
        gaLongStay21: 1,
        gaNctr: 2,
      },
    ],
  },
}

describe('the 08:00 export from the gateway', () => {
  it('asks the host for the picked day and makes the sitrep CSV, saying where the figures came from', async () => {
    const asked: string[] = []
    const file = await fetchSitrepFile(
      {
        fetchSitrep: async (day) => {
          asked.push(day)
          return answer
        },
      },
      '2026-11-20',
    )
    expect(asked).toEqual(['2026-11-20'])
    if (!file.ok) throw new Error(file.message)
    expect(file.note).toBe("2026-11-20: computed from the gateway's log as it stood at 08:00")
    const [header, total] = file.csv.trim().split('\r\n')
    expect(header).toContain(BED_SITREP_HEADER[3] ?? '')
    expect(total).toContain('2026-11-20T08:00:00.000Z')
    expect(total).toContain('Trust total')
  })

  it('gives the gateway’s reason when it has no snapshot, and refuses an unreadable one', async () => {
    const missing = await fetchSitrepFile(
      { fetchSitrep: () => Promise.reject(new Error('no 08:00 snapshot yet for 2026-11-22')) },
      '2026-11-22',
    )
    expect(missing).toEqual({ ok: false, message: 'no 08:00 snapshot yet for 2026-11-22' })
    const garbled = await fetchSitrepFile({ fetchSitrep: async () => ({ day: 3 }) }, '2026-11-20')
    expect(garbled.ok).toBe(false)
  })

  it('defaults the picker to this machine’s today', () => {
    const noon = new Date(2026, 10, 21, 12).getTime()
    expect(todayOf(noon)).toBe('2026-11-21')
  })
})
