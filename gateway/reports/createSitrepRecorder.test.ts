/**
 * The 08:00 SitRep snapshot taken by the gateway on a fake clock: recorded at 08:00 with no
 * window open, a past day's snapshot computed from the log's state at 08:00, and the export equal
 * to what the tiles counted at 08:00.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Bed } from '../../shared/contracts/entities.ts'
import { buildBedSitrep } from '../../shared/domain/kpis/bedSitrep.ts'
import { computeKpiStats } from '../../shared/domain/kpis/computeKpiStats.ts'
import { kpiDefinition } from '../../shared/domain/kpis/kpiDefinitions.ts'
import { buildSiteIndex } from '../../shared/domain/kpis/siteIndex.ts'
import { BEDS, SITE_MODEL, makeBed } from '../../tests/support/kpiFixtures.ts'
import { createSilentLogger } from '../log/createLogger.ts'
import type { ChangeLog } from '../store/changeLog.ts'
import { openSqliteChangeLog } from '../store/createSqliteChangeLog.ts'
import type { EventLog } from '../store/eventLog.ts'
import { CHECK_EVERY_MS, createSitrepRecorder } from './createSitrepRecorder.ts'
import { sitrepConfigSchema } from './sitrepConfigSchema.ts'

const HOUR = 3_600_000
/** 2026-11-20 08:00 in London (GMT: 08:00 UTC). */
const EIGHT_20TH = Date.UTC(2026, 10, 20, 8, 0, 0)
const EIGHT_21ST = EIGHT_20TH + 24 * HOUR

const logs: (ChangeLog & EventLog)[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const log of logs.splice(0)) await log.close()
})

function openLog(): ChangeLog & EventLog {
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

/** A tiny gateway: the log, the committed beds, and a clock the test moves. */
function setUp(startAt: number) {
  const log = openLog()
  let beds = new Map<string, Bed>()
  let seq = 0
  const clock = { now: startAt }
  const commit = async (next: readonly Bed[], at: number): Promise<void> => {
    const upserts = next.filter((bed) => beds.get(bed.id) !== bed)
    beds = new Map(next.map((bed) => [bed.id, bed]))
    seq += 1
    await log.append({
      at,
      batches: [{ topic: 'beds', seq, at, upserts, removes: [] }],
      receipts: [],
      alarmActions: [],
    })
  }
  const recorder = createSitrepRecorder({
    config: sitrepConfigSchema.parse({}),
    siteModel: SITE_MODEL,
    events: log,
    changeLog: log,
    committedBeds: () => beds.values(),
    now: () => clock.now,
    log: createSilentLogger(),
  })
  return { log, recorder, clock, commit }
}

/** The beds with b4 and b8 admitted: the morning's state after 08:00. */
const LATER_BEDS = BEDS.map((bed) =>
  bed.id === 'b4' || bed.id === 'b8' ? makeBed({ id: bed.id, status: 'occupied', lengthOfStayDays: 0 }) : bed,
)

describe('the gateway’s 08:00 SitRep snapshot', () => {
  it('is recorded in the change log at 08:00 with no window open, and served as recorded', async () => {
    vi.useFakeTimers({ now: EIGHT_21ST - 10 * 60_000, toFake: ['setInterval', 'clearInterval'] })
    const { log, recorder, clock, commit } = setUp(EIGHT_21ST - 10 * 60_000)
    await commit(BEDS, EIGHT_21ST - 2 * HOUR)
    recorder.start()
    // 07:50 → 08:00:30 in check steps: nothing before 08:00, one record just after.
    for (let t = clock.now; t <= EIGHT_21ST + 30_000; t += CHECK_EVERY_MS) {
      clock.now = t
      await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS)
      await recorder.check()
      if (t < EIGHT_21ST) expect(await log.eventsBetween('sitrep', 0, t, 10)).toEqual([])
    }
    const events = await log.eventsBetween('sitrep', 0, EIGHT_21ST + HOUR, 10)
    expect(events).toHaveLength(1)
    expect(events[0]?.key).toBe('2026-11-21')

    // The morning moves on; the 08:00 figures do not.
    await commit(LATER_BEDS, EIGHT_21ST + HOUR)
    clock.now = EIGHT_21ST + 2 * HOUR
    await recorder.check()
    expect(await log.eventsBetween('sitrep', 0, clock.now, 10)).toHaveLength(1)
    const answer = await recorder.forDay('2026-11-21')
    if ('error' in answer) throw new Error(answer.error)
    expect(answer.source).toBe('recorded')
    expect(answer.sitrep.snapshotAt).toBe(EIGHT_21ST)
    const total = answer.sitrep.rows.at(-1)
    // Working (kpiFixtures): G&A core occupied at 08:00 = W1 b1 b2 b3 b7 + W3 b13 b14 = 6.
    expect(total).toMatchObject({ siteName: 'Trust total', gaCoreOccupied: 6 })
    recorder.close()
  })

  it('gives a past day’s snapshot, computed from the log’s state at that day’s 08:00', async () => {
    const { recorder, clock, commit } = setUp(EIGHT_20TH - 4 * HOUR)
    // No gateway check ran on the 20th (it was not running then): only the log's batches.
    await commit(BEDS, EIGHT_20TH - 3 * HOUR)
    await commit(LATER_BEDS, EIGHT_20TH + 3 * HOUR)
    clock.now = EIGHT_21ST + 5 * HOUR
    const answer = await recorder.forDay('2026-11-20')
    if ('error' in answer) throw new Error(answer.error)
    expect(answer.source).toBe('computed')
    expect(answer.sitrep.rows.at(-1)?.gaCoreOccupied).toBe(6)
    // Today's is computed from the state at today's 08:00, which holds the later admissions:
    // b4 and b8 (W1 core) make 8.
    const today = await recorder.forDay('2026-11-21')
    if ('error' in today) throw new Error(today.error)
    expect(today.sitrep.rows.at(-1)?.gaCoreOccupied).toBe(8)
    // Tomorrow's 08:00 has not come; a day that is not a date is refused.
    expect(await recorder.forDay('2026-11-22')).toMatchObject({ status: 404 })
    expect(await recorder.forDay('2026-13-01')).toMatchObject({ status: 400 })
  })

  it('equals, row for row, the export of what the tiles counted at 08:00', async () => {
    const { recorder, clock, commit } = setUp(EIGHT_21ST - HOUR)
    await commit(BEDS, EIGHT_21ST - HOUR)
    clock.now = EIGHT_21ST + 5_000
    await recorder.check()
    const answer = await recorder.forDay('2026-11-21')
    if ('error' in answer) throw new Error(answer.error)

    // The window's KPI pass at 08:00 over the same beds: what the tiles showed, and its export.
    const index = buildSiteIndex(SITE_MODEL)
    const stats = computeKpiStats({
      entities: {
        beds: new Map(BEDS.map((bed) => [bed.id, bed])),
        assets: new Map(),
        network: new Map(),
        cyber: new Map(),
      },
      index,
      now: EIGHT_21ST,
    })
    if (stats.beds === null) throw new Error('no bed stats')
    expect(answer.sitrep).toEqual(buildBedSitrep(stats.beds, index, EIGHT_21ST))
    const total = answer.sitrep.rows.at(-1)
    const tile = (id: string): number | null => kpiDefinition(id)?.compute(stats, {}) ?? null
    expect(total?.gaCoreOccupied).toBe(tile('beds.ga-core-occupied'))
    expect(total?.gaEscalationOpen).toBe(tile('beds.ga-escalation-open'))
    const occupancy = tile('beds.ga-occupancy')
    expect(total?.gaOccupancyPct).toBe(occupancy === null ? null : Math.round(occupancy * 10) / 10)
  })
})
