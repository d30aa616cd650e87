/**
 * What every HTTP source (the SIEM webhook, the PTL upload) does the same way before its own
 * parsing: listen on HTTP or HTTPS, check the shared secret in constant time, refuse a body that
 * declares itself too large, and answer in JSON. Each refusal is counted and logged for the source
 * with a reason (never the body); the listener carries on.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { resolve as resolvePath } from 'node:path'
import type { AdapterContext } from './sourceAdapter.ts'

/** Where the shared secret comes from: the config itself, or an environment variable it names. */
export type SharedSecretSource = {
  readonly secret?: string | undefined
  readonly secretEnv?: string | undefined
}

/** The secret's SHA-256, or null when it is missing or shorter than 16 characters (every request refused). */
export function sharedSecretDigest(source: SharedSecretSource): Buffer | null {
  const secret = source.secret ?? (source.secretEnv === undefined ? undefined : process.env[source.secretEnv])
  return secret === undefined || secret.length < 16 ? null : digest(secret)
}

export function replyJson(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export type IntakeGuard = {
  /** Names the source in counted reasons and log lines: `webhook`, `ptl upload`. */
  readonly label: string
  readonly methods: readonly string[]
  readonly secretHeader: string
  readonly secret: SharedSecretSource
  readonly maxBytes: number
}

/**
 * Checks method, shared secret and declared length, in that order. Returns true when the request
 * may be read; otherwise it has been answered (405, 503, 401 or 413) and counted.
 */
export function admitRequest(
  ctx: AdapterContext,
  req: IncomingMessage,
  res: ServerResponse,
  guard: IntakeGuard,
): boolean {
  if (!guard.methods.includes(req.method ?? '')) {
    res.setHeader('allow', guard.methods.join(', '))
    replyJson(res, 405, { error: `use ${guard.methods[0] ?? 'POST'}` })
    return false
  }
  const expected = sharedSecretDigest(guard.secret)
  if (expected === null) {
    ctx.sink.error(`${guard.label} secret is not configured`)
    replyJson(res, 503, { error: `${guard.label} secret not configured` })
    return false
  }
  const given = req.headers[guard.secretHeader.toLowerCase()]
  // Both sides hashed to a fixed length, so the comparison time says nothing about the secret.
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
    ctx.sink.reject(`${guard.label} request without a valid secret`)
    ctx.log.warn(`${guard.label} unauthorised`, { remote: req.socket.remoteAddress })
    res.setHeader('connection', 'close')
    replyJson(res, 401, { error: 'unauthorised' })
    return false
  }
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > guard.maxBytes) {
    ctx.sink.reject(`${guard.label} body of ${declared} bytes exceeds its limit (${guard.maxBytes})`)
    refuseTooLarge(res, guard.maxBytes)
    return false
  }
  return true
}

/** 413, and the connection closed: the rest of an oversized body is not read. */
export function refuseTooLarge(res: ServerResponse, maxBytes: number): void {
  res.setHeader('connection', 'close')
  replyJson(res, 413, { error: `body exceeds ${maxBytes} bytes` })
}

export type IntakeListen = {
  readonly label: string
  readonly host: string
  readonly port: number
  /** PEM files, relative to `baseDir`; set = HTTPS. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string } | undefined
  readonly baseDir: string
  /** How long a whole request may take (a large upload over a slow link takes a while). */
  readonly requestTimeoutMs: number
}

/**
 * Starts the listener. Unreadable TLS files or a port that cannot be bound mark the source down
 * with the reason and resolve null: the gateway and its other sources carry on.
 */
export function listenIntake(
  ctx: AdapterContext,
  options: IntakeListen,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server | null> {
  let srv: Server
  try {
    srv =
      options.tls === undefined
        ? createHttpServer(handle)
        : createHttpsServer(
            {
              cert: readFileSync(resolvePath(options.baseDir, options.tls.certFile)),
              key: readFileSync(resolvePath(options.baseDir, options.tls.keyFile)),
            },
            handle,
          )
  } catch (error) {
    ctx.sink.error(`${options.label} TLS files unreadable`)
    ctx.log.error(`${options.label} tls setup failed`, {
      error: error instanceof Error ? error.message : 'unknown',
    })
    ctx.sink.status('down', `cannot read the ${options.label} TLS certificate or key`)
    return Promise.resolve(null)
  }
  srv.requestTimeout = options.requestTimeoutMs
  // The headers of even the largest upload come at once.
  srv.headersTimeout = 10_000
  return new Promise<Server | null>((resolve) => {
    srv.once('error', (error: NodeJS.ErrnoException) => {
      ctx.sink.error(`listen failed: ${error.code ?? 'error'}`)
      ctx.sink.status('down', `cannot listen on ${options.host}:${options.port} (${error.code ?? 'error'})`)
      resolve(null)
    })
    srv.listen(options.port, options.host, () => {
      srv.removeAllListeners('error')
      srv.on('error', (error: NodeJS.ErrnoException) =>
        ctx.sink.error(`listener error: ${error.code ?? 'error'}`),
      )
      if (options.tls !== undefined) srv.on('tlsClientError', () => ctx.sink.error('TLS handshake failed'))
      resolve(srv)
    })
  })
}

/** The port a listener is bound to, or null before it is (or after it stopped). */
export function boundPort(server: Server | null): number | null {
  const address = server?.address()
  return typeof address === 'object' && address !== null ? address.port : null
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}
