import { describe, expect, it } from 'vitest'
import { createGatewayDocuments } from './gatewayDocuments.ts'
import type { FetchLike } from './gatewayDocuments.ts'
import { createMemoryLogger } from './logger.ts'

const gateway = { url: 'http://127.0.0.1:4000', token: 'tok' }

describe('gateway documents', () => {
  it('fetches a level floor plan with the token and returns its JSON', async () => {
    const requests: { url: string; headers: Record<string, string> }[] = []
    const fetchImpl: FetchLike = async (url, init) => {
      requests.push({ url, headers: init.headers })
      return { ok: true, status: 200, json: async () => ({ type: 'FeatureCollection', features: [] }) }
    }
    const docs = createGatewayDocuments(() => gateway, fetchImpl, createMemoryLogger().logger)
    expect(await docs.floorPlan('lvl 1/a')).toEqual({
      ok: true,
      value: { type: 'FeatureCollection', features: [] },
    })
    expect(requests).toEqual([
      {
        url: 'http://127.0.0.1:4000/v1/floorplans/lvl%201%2Fa',
        headers: { authorization: 'Bearer tok', accept: 'application/json' },
      },
    ])
  })

  it('asks for a day’s SitRep snapshot and passes on the gateway’s reason when it has none', async () => {
    const urls: string[] = []
    const docs = createGatewayDocuments(
      () => gateway,
      async (url) => {
        urls.push(url)
        return {
          ok: false,
          status: 404,
          json: async () => ({ error: 'no 08:00 snapshot yet for 2026-11-22' }),
        }
      },
      createMemoryLogger().logger,
    )
    expect(await docs.sitrep('2026-11-22')).toEqual({
      ok: false,
      error: 'failed',
      message: 'no 08:00 snapshot yet for 2026-11-22',
    })
    expect(urls[0]).toMatch(/\/v1\/history\/sitrep\?day=2026-11-22$/)
  })

  it('asks for a KPI’s series with its scope, escaped, and the token', async () => {
    const requests: { url: string; headers: Record<string, string> }[] = []
    const docs = createGatewayDocuments(
      () => gateway,
      async (url, init) => {
        requests.push({ url, headers: init.headers })
        return {
          ok: true,
          status: 200,
          json: async () => ({ kpiId: 'beds.free', stepMs: 900_000, points: [] }),
        }
      },
      createMemoryLogger().logger,
    )
    expect(await docs.kpiSeries({ kpiId: 'beds.free', siteId: 'St A&B', wardId: 'w 1' })).toEqual({
      ok: true,
      value: { kpiId: 'beds.free', stepMs: 900_000, points: [] },
    })
    expect(requests).toEqual([
      {
        url: 'http://127.0.0.1:4000/v1/history/kpi-series?kpi=beds.free&siteId=St%20A%26B&wardId=w%201',
        headers: { authorization: 'Bearer tok', accept: 'application/json' },
      },
    ])
  })

  it('turns a refusal, an unreachable gateway or no gateway into error values', async () => {
    const log = createMemoryLogger().logger
    const notFound = createGatewayDocuments(
      () => gateway,
      async () => ({ ok: false, status: 404, json: async () => null }),
      log,
    )
    expect(await notFound.floorPlan('x')).toEqual({
      ok: false,
      error: 'failed',
      message: 'the gateway answered 404',
    })
    const down = createGatewayDocuments(
      () => gateway,
      async () => {
        throw new TypeError('fetch failed')
      },
      log,
    )
    expect(await down.floorPlan('x')).toMatchObject({ ok: false, error: 'failed' })
    const none = createGatewayDocuments(
      () => null,
      async () => ({ ok: true, status: 200, json: async () => ({}) }),
      log,
    )
    expect(await none.floorPlan('x')).toMatchObject({ ok: false, error: 'unavailable' })
  })
})
