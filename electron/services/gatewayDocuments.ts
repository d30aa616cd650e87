/**
 * Documents main fetches from the gateway over HTTP on the renderer's behalf (the renderer's CSP
 * allows it no network connection): floor plans per level. The token goes in the Authorization
 * header; failures are values naming the status, never exceptions.
 */
import type { IpcResult } from '../../shared/contracts/ipc.ts'
import type { Logger } from './logger.ts'

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>

export const DOCUMENT_TIMEOUT_MS = 10_000

export type GatewayDocuments = {
  floorPlan(levelId: string): Promise<IpcResult<unknown>>
}

export function createGatewayDocuments(
  gateway: () => { readonly url: string; readonly token: string } | null,
  fetchImpl: FetchLike,
  log: Logger,
): GatewayDocuments {
  return {
    async floorPlan(levelId) {
      const target = gateway()
      if (target === null)
        return { ok: false, error: 'unavailable', message: 'not connected to a gateway yet' }
      const url = `${target.url}/v1/floorplans/${encodeURIComponent(levelId)}`
      try {
        const response = await fetchImpl(url, {
          headers: { authorization: `Bearer ${target.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS),
        })
        if (!response.ok) {
          log.warn('floor plan request failed', { levelId, status: response.status })
          return { ok: false, error: 'failed', message: `the gateway answered ${response.status}` }
        }
        return { ok: true, value: await response.json() }
      } catch (error) {
        log.warn('floor plan request failed', {
          levelId,
          error: error instanceof Error ? error.name : 'unknown',
        })
        return { ok: false, error: 'failed', message: 'the gateway could not be reached' }
      }
    },
  }
}
