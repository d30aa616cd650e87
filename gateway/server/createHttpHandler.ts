/**
 * The gateway's HTTP routes (socket.io handles its own path before these):
 * - `GET /healthz` — liveness and a sources summary (no token: load balancers and probes);
 * - `GET /metrics` — Prometheus text (no token; bind to loopback or firewall it);
 * - `GET /v1/site-model`, `GET /v1/floorplans`, `GET /v1/floorplans/:levelId` — need
 *   `Authorization: Bearer TOKEN`; strong ETags and 304 on If-None-Match;
 * - `GET /v1/history/…` — the past from the change log (see createHistoryRoutes), same token;
 * - `GET|POST /v1/incidents`, `GET /v1/history/timeline` — the incident record (createIncidentRoutes);
 * - the built renderer at `/` when `--serve-renderer` is set.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Registry } from 'prom-client'
import type { Logger } from '../log/Logger.ts'
import type { IncidentRoutes } from '../history/createIncidentRoutes.ts'
import type { HistoryRoutes } from './createHistoryRoutes.ts'
import { bearerToken, type TokenTable } from './createTokenTable.ts'
import type { OriginPolicy } from './createOriginPolicy.ts'
import { ifNoneMatchHits, type JsonDocument } from './jsonDocument.ts'
import { serveStatic } from './serveStatic.ts'

export type HttpDocuments = {
  readonly siteModel: JsonDocument
  readonly floorPlanIndex: JsonDocument
  readonly floorPlans: ReadonlyMap<string, JsonDocument>
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** The only route that takes a body, and its bound: an incident is a title and a note. */
const POST_PATHS = new Set(['/v1/incidents'])
const MAX_BODY_BYTES = 16 * 1024

/** The request body as JSON; undefined when it is not JSON or passes the bound (the route says so). */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    // Not JSON: the route's schema refuses `undefined` with a clear message.
    return undefined
  }
}

/** A malformed %-escape names no level: undefined, so the route answers 404 rather than 500. */
const safeDecode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

const sendJson = (
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void => {
  const body = JSON.stringify(value)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(body)
}

const sendDocument = (req: IncomingMessage, res: ServerResponse, document: JsonDocument): void => {
  const headers = { etag: document.etag, 'cache-control': 'private, no-cache', vary: 'Authorization, Origin' }
  if (ifNoneMatchHits(req.headers['if-none-match'], document.etag)) {
    res.writeHead(304, headers).end()
    return
  }
  res.writeHead(200, {
    ...headers,
    'content-type': document.contentType,
    'content-length': document.body.length,
  })
  res.end(req.method === 'HEAD' ? undefined : document.body)
}

export function createHttpHandler(deps: {
  readonly documents: () => HttpDocuments
  readonly health: () => unknown
  readonly metrics: Registry
  readonly tokens: TokenTable
  readonly origins: OriginPolicy
  readonly rendererDir: string | null
  /** The served renderer's CSP (serveStatic.ts's, with `rendererConnect` added). */
  readonly rendererCsp?: string
  readonly history: HistoryRoutes
  /** The incident record; absent in tests that do not need it. */
  readonly incidents?: IncidentRoutes
  readonly log: Logger
}): Handler {
  const log = deps.log.child('http')

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid')
    const pathname = url.pathname
    // The Origin allowlist guards the API; the renderer's static files are public (and a browser
    // sends Origin for module scripts, which must load on a LAN host not listed in `origins`).
    const api = pathname.startsWith('/v1/') || pathname === '/healthz' || pathname === '/metrics'
    const origin = api ? req.headers.origin : undefined
    if (!deps.origins.allows(origin)) {
      sendJson(res, 403, { error: 'origin not allowed' })
      return
    }
    if (origin !== undefined) {
      // An allowed browser origin (the Electron app:// page, a listed wall) may read the API.
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('vary', 'Origin')
      res.setHeader('access-control-expose-headers', 'ETag')
    }
    if (req.method === 'OPTIONS' && origin !== undefined) {
      res.writeHead(204, {
        'access-control-allow-methods': POST_PATHS.has(pathname) ? 'GET, HEAD, POST' : 'GET, HEAD',
        'access-control-allow-headers': 'Authorization, If-None-Match, Content-Type',
        'access-control-max-age': '600',
      })
      res.end()
      return
    }
    const posting = req.method === 'POST' && POST_PATHS.has(pathname)
    if (req.method !== 'GET' && req.method !== 'HEAD' && !posting) {
      sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' })
      return
    }
    if (pathname === '/healthz') {
      sendJson(res, 200, deps.health())
      return
    }
    if (pathname === '/metrics') {
      const text = await deps.metrics.metrics()
      res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' })
      res.end(text)
      return
    }
    if (pathname.startsWith('/v1/')) {
      const token = bearerToken(req.headers.authorization)
      const principal = token === null ? undefined : deps.tokens.lookup(token)
      if (principal === undefined) {
        sendJson(
          res,
          401,
          { error: 'a valid Authorization: Bearer token is required' },
          {
            'www-authenticate': 'Bearer realm="watchfloor"',
          },
        )
        return
      }
      const incident = await deps.incidents?.({
        method: req.method ?? 'GET',
        pathname,
        query: url.searchParams,
        principal,
        body: () => readJsonBody(req),
      })
      if (incident !== undefined && incident !== null) return sendJson(res, incident.status, incident.body)
      const past = await deps.history(pathname, url.searchParams, principal.role)
      if (past !== null) return sendJson(res, past.status, past.body)
      const documents = deps.documents()
      if (pathname === '/v1/site-model') return sendDocument(req, res, documents.siteModel)
      if (pathname === '/v1/floorplans') return sendDocument(req, res, documents.floorPlanIndex)
      const match = /^\/v1\/floorplans\/([^/]+)$/.exec(pathname)
      const levelId = match?.[1] === undefined ? undefined : safeDecode(match[1])
      const plan = levelId === undefined ? undefined : documents.floorPlans.get(levelId)
      if (plan !== undefined) return sendDocument(req, res, plan)
      sendJson(res, 404, { error: levelId === undefined ? 'not found' : 'no floor plan for that level' })
      return
    }
    if (
      deps.rendererDir !== null &&
      (await serveStatic(deps.rendererDir, pathname, req, res, deps.rendererCsp))
    )
      return
    sendJson(res, 404, { error: 'not found' })
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error('request failed', {
        path: req.url?.split('?')[0],
        error: error instanceof Error ? error.message : String(error),
      })
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
      else res.destroy()
    })
  }
}
