/**
 * An Electron window's sparkline seed, end to end with Electron replaced by fakes: the gateway's
 * kpi-series route over a real change log → main's gateway documents (the configured gateway, the
 * app's token) → the `watchfloor:kpi-series` IPC handler checking its sender → the preload-shaped
 * bridge → the Electron host → the kpis feature's seeder → the tile's ring.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../../electron/services/logger.ts'
import { createGatewayDocuments, type FetchLike } from '../../electron/services/gatewayDocuments.ts'
import { dataHandlers } from '../../electron/ipc/dataHandlers.ts'
import { createKpiSeries, kpiSeriesRoute } from '../../gateway/reports/createKpiSeries.ts'
import type { ChangeLog } from '../../gateway/store/changeLog.ts'
import { openSqliteChangeLog } from '../../gateway/store/createSqliteChangeLog.ts'
import { createElectronHost } from '../../renderer/host/createElectronHost.ts'
import { createSeriesSeeder } from '../../renderer/features/kpis/seedSeries.ts'
import { APP_ORIGIN, IpcChannel, type IpcResult, type WatchfloorBridge } from '../../shared/contracts/ipc.ts'
import type { KpiSeriesRequest } from '../../shared/contracts/kpiSeries.ts'
import { SampleRing } from '../../shared/util/ringBuffer.ts'
import { FakeWindow } from '../support/electronFakes.ts'
import { BEDS, SITE_MODEL } from '../support/kpiFixtures.ts'

const HOUR = 3_600_000
const Q = 15 * 60_000
const T0 = Date.UTC(2026, 10, 21, 6, 0, 0)
const TOKEN = 'app-token'
const logs: ChangeLog[] = []
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close()
})

async function gatewayWithHistory(now: number): Promise<FetchLike & { readonly seen: string[] }> {
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
  await log.append({
    at: T0,
    batches: [{ topic: 'beds', seq: 1, at: T0, upserts: [...BEDS], removes: [] }],
    receipts: [],
    alarmActions: [],
  })
  const route = kpiSeriesRoute(createKpiSeries({ changeLog: log, siteModel: SITE_MODEL, now: () => now }))
  const seen: string[] = []
  const fetchImpl: FetchLike = async (url, init) => {
    seen.push(url)
    const parsed = new URL(url)
    if (parsed.origin !== 'http://127.0.0.1:4010' || init.headers['authorization'] !== `Bearer ${TOKEN}`)
      return { ok: false, status: 401, json: async () => ({ error: 'no token' }) }
    const answer = await route(parsed.searchParams)
    return { ok: answer.status === 200, status: answer.status, json: async () => answer.body }
  }
  return Object.assign(fetchImpl, { seen })
}

/** The preload's bridge, as far as the host needs it, invoking main's handlers from `window`. */
function bridgeFor(window: FakeWindow, handlers: ReturnType<typeof dataHandlers>): WatchfloorBridge {
  const sender = {
    sender: { id: window.webContentsId },
    senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null },
  }
  const kpiSeries = handlers.find((h) => h.channel === IpcChannel.kpiSeries)
  if (kpiSeries === undefined) throw new Error('no kpi-series handler')
  const refused = async (): Promise<IpcResult<never>> => ({
    ok: false,
    error: 'unavailable',
    message: 'fake',
  })
  const partial: Partial<WatchfloorBridge> = {
    getWindowContext: refused,
    onContextChanged: () => () => undefined,
    getKpiSeries: (request: KpiSeriesRequest) =>
      kpiSeries.invoke(sender, request) as Promise<IpcResult<unknown>>,
  }
  return new Proxy(partial, {
    get: (target, key: string) => target[key as keyof WatchfloorBridge] ?? refused,
  }) as WatchfloorBridge
}

describe('an Electron window seeds its sparkline from the gateway over IPC', () => {
  it('draws the gateway’s past at once, then appends live points after it', async () => {
    const now = T0 + 2 * HOUR + 5 * 60_000
    const gateway = await gatewayWithHistory(now)
    const window = new FakeWindow({ kind: 'wall', bounds: { x: 0, y: 0, width: 10, height: 10 }, title: 't' })
    const log = createMemoryLogger().logger
    const handlers = dataHandlers({
      documents: createGatewayDocuments(() => ({ url: 'http://127.0.0.1:4010', token: TOKEN }), gateway, log),
      isOurWindow: (id) => id === window.webContentsId,
      log,
    })
    const host = await createElectronHost(bridgeFor(window, handlers))
    const seeder = createSeriesSeeder({ fetch: host.fetchKpiSeries, warn: () => undefined })
    const ring = new SampleRing(720, 30_000)
    ring.record(now, 6)
    expect(await seeder.seed(ring, 'beds.ga-core-occupied', { siteId: 'site-n' })).toBe('seeded')
    expect(gateway.seen).toEqual([
      'http://127.0.0.1:4010/v1/history/kpi-series?kpi=beds.ga-core-occupied&siteId=site-n',
    ])
    // 06:00 … 08:00 from the log, then this window's own sample.
    const samples = ring.toArray()
    expect(samples).toHaveLength(10)
    expect(samples[0]!.t).toBe(T0)
    expect(samples.at(-2)!.t).toBe(T0 + 8 * Q)
    expect(samples.at(-1)).toEqual({ t: Math.floor(now / 30_000) * 30_000, v: 6 })
  })

  it('keeps collecting, with the gateway’s reason, when main cannot get the series', async () => {
    const window = new FakeWindow({ kind: 'wall', bounds: { x: 0, y: 0, width: 10, height: 10 }, title: 't' })
    const log = createMemoryLogger().logger
    const unreachable: FetchLike = async () => {
      throw new TypeError('fetch failed')
    }
    const handlers = dataHandlers({
      documents: createGatewayDocuments(
        () => ({ url: 'http://127.0.0.1:4010', token: TOKEN }),
        unreachable,
        log,
      ),
      isOurWindow: (id) => id === window.webContentsId,
      log,
    })
    const host = await createElectronHost(bridgeFor(window, handlers))
    const lines: string[] = []
    const seeder = createSeriesSeeder({ fetch: host.fetchKpiSeries, warn: (line) => lines.push(line) })
    const ring = new SampleRing(720, 30_000)
    expect(await seeder.seed(ring, 'beds.free', {})).toBe('failed')
    expect(ring.size).toBe(0)
    expect(lines).toEqual([expect.stringContaining('beds.free: the gateway could not be reached')])
  })
})
