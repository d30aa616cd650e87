/**
 * Documents main fetches from the gateway over HTTP on the renderer's behalf (the renderer's CSP
 * allows it no network connection): floor plans per level, the day's 08:00 SitRep snapshot, and a
 * KPI's last 6 h (a sparkline's seed).
 * The token goes in the Authorization header; failures are values naming the status (and the
 * gateway's reason, when it gave one), never exceptions.
 */
import type { IpcResult } from '../../shared/contracts/ipc.ts'
import { kpiSeriesPath, type KpiSeriesRequest } from '../../shared/contracts/kpiSeries.ts'
import type { Logger } from './logger.ts'

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>

export const DOCUMENT_TIMEOUT_MS = 10_000

export type GatewayDocuments = {
  floorPlan(levelId: string): Promise<IpcResult<unknown>>
  /** `GET /v1/history/sitrep?day=` (a trust-local `YYYY-MM-DD`). */
  sitrep(day: string): Promise<IpcResult<unknown>>
  /** `GET /v1/history/kpi-series?kpi=&siteId=&wardId=`: a KPI's last 6 h from the gateway's log. */
  kpiSeries(request: KpiSeriesRequest): Promise<IpcResult<unknown>>
}

/** The gateway's `{ error }` body, when it sent one (history routes say why there is no answer). */
async function reasonOf(response: { json(): Promise<unknown> }): Promise<string | null> {
  try {
    const body = await response.json()
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string')
      return body.error.slice(0, 300)
    return null
  } catch {
    // A body that is not JSON: the status alone says what happened.
    return null
  }
}

export function createGatewayDocuments(
  gateway: () => { readonly url: string; readonly token: string } | null,
  fetchImpl: FetchLike,
  log: Logger,
): GatewayDocuments {
  const get = async (
    path: string,
    what: string,
    fields: Record<string, string>,
  ): Promise<IpcResult<unknown>> => {
    const target = gateway()
    if (target === null) return { ok: false, error: 'unavailable', message: 'not connected to a gateway yet' }
    try {
      const response = await fetchImpl(`${target.url}${path}`, {
        headers: { authorization: `Bearer ${target.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS),
      })
      if (!response.ok) {
        log.warn(`${what} request failed`, { ...fields, status: response.status })
        const reason = await reasonOf(response)
        return {
          ok: false,
          error: 'failed',
          message: reason ?? `the gateway answered ${response.status}`,
        }
      }
      return { ok: true, value: await response.json() }
    } catch (error) {
      log.warn(`${what} request failed`, {
        ...fields,
        error: error instanceof Error ? error.name : 'unknown',
      })
      return { ok: false, error: 'failed', message: 'the gateway could not be reached' }
    }
  }
  return {
    floorPlan: (levelId) => get(`/v1/floorplans/${encodeURIComponent(levelId)}`, 'floor plan', { levelId }),
    sitrep: (day) => get(`/v1/history/sitrep?day=${encodeURIComponent(day)}`, 'sitrep', { day }),
    kpiSeries: (request) => get(kpiSeriesPath(request), 'kpi series', { kpiId: request.kpiId }),
  }
}
