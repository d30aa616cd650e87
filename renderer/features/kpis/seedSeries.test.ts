/** Seeding a tile's sparkline from the gateway's history, then live points: what a fresh window draws. */
import { describe, expect, it } from 'vitest'
import type { KpiSeriesRequest } from '../../../shared/contracts/kpiSeries.ts'
import { SampleRing } from '../../../shared/util/ringBuffer.ts'
import { createSeriesSeeder } from './seedSeries.ts'

const Q = 15 * 60_000
const NOW = Date.UTC(2026, 11, 3, 18, 7, 12)
const ring = (): SampleRing => new SampleRing(720, 30_000)
const answer = (kpiId: string, points: ReadonlyArray<readonly [number, number | null]>) => ({
  kpiId,
  stepMs: Q,
  points: points.map(([at, value]) => ({ at, value })),
})

describe('seeding a sparkline from the gateway', () => {
  it('puts the history first, then the window’s live points, with no duplicate or out-of-order point', async () => {
    const asked: KpiSeriesRequest[] = []
    const seeder = createSeriesSeeder({
      fetch: async (request) => {
        asked.push(request)
        const last = Math.floor(NOW / Q) * Q
        // The gateway's newest instant falls in the same bucket as the window's first pass.
        return answer('beds.free', [
          [last - 2 * Q, 40],
          [last - Q, 42],
          [last, 44],
        ])
      },
      warn: () => undefined,
    })
    const series = ring()
    // The engine's first pass ran before the answer arrived.
    series.record(Math.floor(NOW / Q) * Q + 10_000, 45)
    expect(await seeder.seed(series, 'beds.free', { siteId: 'site-n' })).toBe('seeded')
    expect(asked).toEqual([{ kpiId: 'beds.free', siteId: 'site-n' }])
    series.record(NOW + 30_000, 46)
    const values = series.toArray()
    expect(values.map((s) => s.v)).toEqual([40, 42, 45, 46])
    const times = values.map((s) => s.t)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(new Set(times).size).toBe(times.length)
    // Mounting again on the same ring asks nothing.
    expect(await seeder.seed(series, 'beds.free', { siteId: 'site-n' })).toBe('skipped')
    expect(asked).toHaveLength(1)
    expect(seeder.stats()).toMatchObject({ requests: 1, seeded: 1, failed: 0, invalid: 0 })
  })

  it('ignores an answer for another KPI, or one that does not parse, and says so once', async () => {
    const lines: string[] = []
    let body: unknown = answer('beds.closed', [[NOW - Q, 3]])
    const seeder = createSeriesSeeder({ fetch: async () => body, warn: (line) => lines.push(line) })
    const wrong = ring()
    expect(await seeder.seed(wrong, 'beds.free', {})).toBe('invalid')
    expect(wrong.size).toBe(0)
    body = { kpiId: 'beds.free', stepMs: Q, points: [{ at: 'yesterday', value: 3 }] }
    const garbled = ring()
    expect(await seeder.seed(garbled, 'beds.free', {})).toBe('invalid')
    expect(garbled.size).toBe(0)
    expect(seeder.stats().invalid).toBe(2)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('beds.free')
    expect(lines[0]).toContain('"beds.closed"')
  })

  it('keeps trend: collecting when the fetch fails, logs once, and never retries in a loop', async () => {
    const lines: string[] = []
    let calls = 0
    let now = NOW
    const seeder = createSeriesSeeder({
      fetch: async () => {
        calls += 1
        throw new Error('the gateway could not be reached')
      },
      clock: () => now,
      retryAfterMs: 60_000,
      warn: (line) => lines.push(line),
    })
    const series = ring()
    for (let mount = 0; mount < 5; mount += 1) await seeder.seed(series, 'network.down', {})
    await seeder.seed(ring(), 'network.degraded', {})
    expect(series.size).toBe(0)
    expect(calls).toBe(2)
    expect(seeder.stats().failed).toBe(2)
    expect(lines).toEqual([expect.stringContaining('network.down: the gateway could not be reached')])
    // A later mount, a minute on, asks once more.
    now += 60_000
    expect(await seeder.seed(series, 'network.down', {})).toBe('failed')
    expect(calls).toBe(3)
    expect(lines).toHaveLength(1)
  })

  it('asks nothing of a host without the capability and says so once', async () => {
    const lines: string[] = []
    const seeder = createSeriesSeeder({ fetch: null, warn: (line) => lines.push(line) })
    expect(await seeder.seed(ring(), 'beds.free', {})).toBe('unavailable')
    expect(await seeder.seed(ring(), 'beds.closed', {})).toBe('unavailable')
    expect(lines).toHaveLength(1)
    expect(seeder.stats().requests).toBe(0)
  })
})
