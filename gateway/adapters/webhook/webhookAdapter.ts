/**
 * Cyber alerts from a Wazuh-style JSON webhook: an HTTP(S) listener of its own (TLS when a
 * certificate and key are configured), one POST path, a shared secret in a header compared in
 * constant time, bounded bodies, and a clear 4xx for anything it will not take:
 * 401 missing/wrong secret, 404 other paths, 405 other methods, 413 too large, 400 bad JSON or
 * not a Wazuh alert (with the reason). 202 with the number of alerts accepted otherwise.
 * The body accepts one alert or an array of up to 500. With `nhsPath` set, a second path takes NHS
 * England cyber alerts (parseNhsAlertBody) behind the same secret.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { z } from 'zod'
import type { AdapterContext, SourceAdapter } from '../../ingest/sourceAdapter.ts'
import {
  admitRequest,
  boundPort,
  listenIntake,
  refuseTooLarge,
  replyJson,
  sharedSecretDigest,
  type IntakeGuard,
} from '../../ingest/httpIntake.ts'
import { createHostMatcher, hostMappingSchema } from '../../ingest/createHostMatcher.ts'
import { nhsAlertFromInput, nhsAlertId } from '../../../shared/domain/cyber/nhsAlertFromInput.ts'
import { parseNhsAlertBody } from './parseNhsAlertBody.ts'
import { parseWebhookBody } from './parseWebhookBody.ts'
import { wazuhToAlertOp } from './wazuhToAlertOp.ts'

export const webhookConfigSchema = z
  .object({
    kind: z.literal('webhook'),
    id: z.string().min(1).max(64),
    host: z.string().min(1).default('127.0.0.1'),
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65_535),
    path: z
      .string()
      .regex(/^\/[\w\-./]*$/)
      .default('/wazuh'),
    /**
     * A second POST path taking NHS England cyber alerts (docs/cyber.md#webhook), behind the same
     * secret; absent: none.
     */
    nhsPath: z
      .string()
      .regex(/^\/[\w\-./]*$/)
      .optional(),
    /** Header carrying the shared secret. */
    secretHeader: z.string().min(1).max(64).default('x-watchfloor-secret'),
    /** The shared secret itself, or… */
    secret: z.string().min(16).max(512).optional(),
    /** …the name of an environment variable holding it (keeps it out of the config file). */
    secretEnv: z.string().min(1).max(128).optional(),
    /** PEM files; both set = HTTPS. Relative to the config file. */
    tls: z
      .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
      .strict()
      .optional(),
    maxBodyBytes: z
      .number()
      .int()
      .min(1_024)
      .max(16 * 1024 * 1024)
      .default(256 * 1024),
    hosts: z.array(hostMappingSchema).default([]),
  })
  .strict()
  .refine(
    (c) => (c.secret === undefined) !== (c.secretEnv === undefined),
    'set exactly one of secret or secretEnv',
  )
  .refine((c) => c.nhsPath !== c.path, { message: 'nhsPath must differ from path', path: ['nhsPath'] })
export type WebhookConfig = z.infer<typeof webhookConfigSchema>

export type WebhookAdapter = SourceAdapter & { readonly port: () => number | null }

/** Wazuh alert ids seen lately: a re-delivered POST (a retry after a timeout) is not counted twice. */
const RECENT_IDS = 10_000

export function createWebhookAdapter(
  config: WebhookConfig,
  options: { readonly configDir?: string } = {},
): WebhookAdapter {
  let server: Server | null = null
  let context: AdapterContext | null = null
  const placeOf = createHostMatcher(config.hosts)
  const recent = new Set<string>()

  const guard: IntakeGuard = {
    label: 'webhook',
    methods: ['POST'],
    secretHeader: config.secretHeader,
    secret: config,
    maxBytes: config.maxBodyBytes,
  }

  function handle(ctx: AdapterContext, req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const nhs = config.nhsPath !== undefined && url.pathname === config.nhsPath
    if (url.pathname !== config.path && !nhs) return replyJson(res, 404, { error: 'not found' })
    if (!admitRequest(ctx, req, res, guard)) return
    const chunks: Buffer[] = []
    let size = 0
    let aborted = false
    req.on('data', (chunk: Buffer) => {
      if (aborted) return
      size += chunk.length
      if (size > config.maxBodyBytes) {
        aborted = true
        ctx.sink.reject(`webhook body exceeds its limit (${config.maxBodyBytes})`)
        refuseTooLarge(res, config.maxBodyBytes)
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('error', (error: NodeJS.ErrnoException) => {
      ctx.sink.error(`request error: ${error.code ?? 'error'}`)
      ctx.log.debug('webhook request error', { code: error.code })
    })
    req.on('end', () => {
      if (aborted) return
      const body = Buffer.concat(chunks, size)
      const result = nhs ? acceptNhs(ctx, body) : accept(ctx, body)
      if (!result.ok) return replyJson(res, 400, { error: result.reason })
      // 2xx only once the alerts are in the change log; otherwise 503, and the sender retries.
      ctx.sink.durable().then(
        () => replyJson(res, 202, { accepted: result.accepted, duplicates: result.duplicates }),
        () => {
          res.setHeader('retry-after', '5')
          replyJson(res, 503, { error: 'not recorded: the gateway cannot write its change log; retry later' })
        },
      )
    })
  }

  /** NHS cyber alerts: an upsert each, keyed by the national reference (a re-delivery is the same alert). */
  function acceptNhs(
    ctx: AdapterContext,
    body: Buffer,
  ): { ok: true; accepted: number; duplicates: number } | { ok: false; reason: string } {
    const parsed = parseNhsAlertBody(body)
    if (!parsed.ok) {
      ctx.sink.reject(parsed.reject)
      return { ok: false, reason: parsed.reason }
    }
    const ops = parsed.alerts.map((input) => ({
      topic: 'cyber' as const,
      op: 'upsert' as const,
      entity: nhsAlertFromInput(input, {
        source: config.id,
        now: ctx.now(),
        // The `hosts` mapping first; hosts it does not place go on the network device of that name.
        place: (host) => placeOf(host),
        current: ctx.sink.current('cyber', nhsAlertId(input.reference)),
      }),
    }))
    const { accepted } = ctx.sink.emit(ops)
    ctx.log.info('nhs cyber alerts received', { count: ops.length, accepted })
    return { ok: true, accepted, duplicates: 0 }
  }

  function accept(
    ctx: AdapterContext,
    body: Buffer,
  ): { ok: true; accepted: number; duplicates: number } | { ok: false; reason: string } {
    const parsed = parseWebhookBody(body)
    if (!parsed.ok) {
      ctx.sink.reject(parsed.reject)
      return { ok: false, reason: parsed.reason }
    }
    let accepted = 0
    let duplicates = 0
    for (const alert of parsed.alerts) {
      if (alert.id !== undefined) {
        if (recent.has(alert.id)) {
          duplicates++
          continue
        }
        recent.add(alert.id)
        if (recent.size > RECENT_IDS) {
          const oldest = recent.values().next().value
          if (oldest !== undefined) recent.delete(oldest)
        }
      }
      const op = wazuhToAlertOp(alert, {
        source: config.id,
        placeOf,
        current: (id) => ctx.sink.current('cyber', id),
        now: ctx.now(),
        keyedHash: ctx.keyedHash,
      })
      accepted += ctx.sink.emit([op]).accepted
    }
    return { ok: true, accepted, duplicates }
  }

  return {
    id: config.id,
    kind: 'webhook',
    topics: ['cyber'],
    port: () => boundPort(server),
    async start(ctx: AdapterContext): Promise<void> {
      context = ctx
      if (sharedSecretDigest(config) === null)
        ctx.log.warn('webhook secret missing or shorter than 16 characters')
      const srv = await listenIntake(
        ctx,
        {
          label: 'webhook',
          host: config.host,
          port: config.port,
          tls: config.tls,
          baseDir: options.configDir ?? process.cwd(),
          requestTimeoutMs: 30_000,
        },
        (req, res) => handle(ctx, req, res),
      )
      if (srv === null) return
      server = srv
      const scheme = config.tls === undefined ? 'http' : 'https'
      ctx.sink.status(
        sharedSecretDigest(config) === null ? 'degraded' : 'up',
        sharedSecretDigest(config) === null
          ? 'secret not configured: every request is refused'
          : `${scheme} port ${boundPort(srv) ?? '?'}`,
      )
    },
    async stop(): Promise<void> {
      const srv = server
      server = null
      if (srv !== null) {
        srv.closeAllConnections()
        await new Promise<void>((resolve) => srv.close(() => resolve()))
      }
      context?.sink.status('down', 'stopped')
    },
  }
}
