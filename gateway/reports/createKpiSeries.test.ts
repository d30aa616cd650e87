/** A KPI's trend from the change log: what a fresh window's sparkline is seeded with. */
import { afterEach, describe, expect, it } from 'vitest'
import type { Bed } from '../../shared/contracts/entities.ts'
import { BEDS, SITE_MODEL, makeBed } from '../../tests/support/kpiFixtures.ts'
import type { ChangeLog } from '../store/changeLog.ts'
import { openSqliteChangeLog } from '../store/createSqliteChangeLog.ts'
import {
  FINE_POINTS,
  FINE_STEP_MS,
  POINTS,
  STEP_MS,
  createKpiSeries,
  kpiSeriesRoute,
} from './createKpiSeries.ts'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 10, 21, 6, 0, 0)
const logs: ChangeLog[] = []
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close()
})

function openLog(): ChangeLog {
  const log = openSqliteChangeLog({
    dir: ':memory:',
    synchronous: 'normal',
    retention: {
      defaultMs: 30 * 24 * HOUR,
      perTopicMs: {},
      fullSnapshotGrainMs: 24 * HOUR,
      maxBytes: 1 << 30,
    },
  })
  logs.push(log)
  return log
}

describe('a KPI series from the change log', () => {
  it('gives the KPI at fixed past instants from the log, only where the log reaches, and reuses them', async () => {
    const log = openSqliteChangeLog({
      dir: ':memory:',
      synchronous: 'normal',
      retention: {
        defaultMs: 30 * 24 * HOUR,
        perTopicMs: {},
        fullSnapshotGrainMs: 24 * HOUR,
        maxBytes: 1 << 30,
      },
    })
    logs.push(log)
    let seq = 0
    const commit = async (beds: readonly Bed[], at: number): Promise<void> => {
      seq += 1
      await log.append({
        at,
        batches: [{ topic: 'beds', seq, at, upserts: [...beds], removes: [] }],
        receipts: [],
        alarmActions: [],
      })
    }
    // 06:00 the fixtures' beds (6 G&A core occupied); 07:00 b4 and b8 admitted (8).
    await commit(BEDS, T0)
    await commit(
      ['b4', 'b8'].map((id) => makeBed({ id, status: 'occupied', lengthOfStayDays: 0 })),
      T0 + HOUR,
    )
    let now = T0 + 2 * HOUR + 5 * 60_000
    let reads = 0
    const counted: Pick<ChangeLog, 'stateAt'> = {
      stateAt: (topic, at) => {
        reads += 1
        return log.stateAt(topic, at)
      },
    }
    const series = createKpiSeries({ changeLog: counted, siteModel: SITE_MODEL, now: () => now })
    const answer = await series.series('beds.ga-core-occupied', {})
    if ('error' in answer) throw new Error(answer.error)
    expect(answer.stepMs).toBe(STEP_MS)
    // 06:00 … 08:00 in 15-minute steps: nine instants the log reaches; nothing before it began.
    expect(answer.points.map((p) => [new Date(p.at).toISOString().slice(11, 16), p.value])).toEqual([
      ['06:00', 6],
      ['06:15', 6],
      ['06:30', 6],
      ['06:45', 6],
      ['07:00', 8],
      ['07:15', 8],
      ['07:30', 8],
      ['07:45', 8],
      ['08:00', 8],
    ])
    expect(reads).toBe(POINTS)
    // Another KPI of the same topic, and a later request in the same step: no state rebuilt.
    await series.series('beds.ga-occupancy', { siteId: 'site-n' })
    expect(reads).toBe(POINTS)
    // One step on: one new instant.
    now += STEP_MS
    await series.series('beds.ga-core-occupied', {})
    expect(reads).toBe(POINTS + 1)
  })

  it('answers a young log (a fresh demo) at 30 s, so a fresh window draws what exists', async () => {
    const log = openLog()
    // The log's first batch 10 s after 06:00: no 15-min instant reaches it yet.
    const started = T0 + 10_000
    await log.append({
      at: started,
      batches: [{ topic: 'beds', seq: 1, at: started, upserts: [...BEDS], removes: [] }],
      receipts: [],
      alarmActions: [],
    })
    let now = T0 + 2 * 60_000 + 5_000
    let reads = 0
    const series = createKpiSeries({
      changeLog: {
        stateAt: (topic, at) => {
          reads += 1
          return log.stateAt(topic, at)
        },
      },
      siteModel: SITE_MODEL,
      now: () => now,
    })
    const answer = await series.series('beds.ga-core-occupied', {})
    if ('error' in answer) throw new Error(answer.error)
    expect(answer.stepMs).toBe(FINE_STEP_MS)
    // 06:00:30 … 06:02:00: the instants after the log began, none before it.
    expect(answer.points.map((p) => [new Date(p.at).toISOString().slice(11, 19), p.value])).toEqual([
      ['06:00:30', 6],
      ['06:01:00', 6],
      ['06:01:30', 6],
      ['06:02:00', 6],
    ])
    // Bounded: the 15-min instants plus at most the 15 min of 30-s ones (06:00 is both).
    expect(reads).toBeLessThanOrEqual(POINTS + FINE_POINTS)
    const first = reads
    // 30 s on: one new instant, the rest reused.
    now += FINE_STEP_MS
    await series.series('beds.ga-core-occupied', {})
    expect(reads).toBe(first + 1)
    // Past 06:15 one 15-min instant reaches the log: still young, still every 30 s.
    now = T0 + 15 * 60_000 + 5_000
    const later = await series.series('beds.ga-core-occupied', {})
    if ('error' in later) throw new Error(later.error)
    expect(later.stepMs).toBe(FINE_STEP_MS)
    expect(later.points).toHaveLength(FINE_POINTS)
    expect(later.points.at(-1)?.at).toBe(T0 + 15 * 60_000)
  })

  it('refuses an unknown KPI', async () => {
    const route = kpiSeriesRoute(
      createKpiSeries({ changeLog: { stateAt: async () => null }, siteModel: SITE_MODEL, now: () => T0 }),
    )
    expect(await route(new URLSearchParams('kpi=beds.nope'))).toMatchObject({ status: 400 })
    expect(await route(new URLSearchParams(''))).toMatchObject({ status: 400 })
  })
})
