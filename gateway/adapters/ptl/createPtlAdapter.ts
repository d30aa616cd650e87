/**
 * The PTL source: a trust's patient tracking list extract, as its PAS already produces it on a
 * schedule, received by a watched drop folder, an HTTP upload, or both (docs/ptl.md).
 *
 * - Folder: every `pollSeconds` the folder is listed; a `*.csv` file unmodified for
 *   `settleSeconds` is read, then moved to `processed/` (or `refused/` when refused whole).
 *   Polling, not fs.watch: PTL drops often sit on network shares, where change events are lost.
 * - HTTP: `POST <path>` with the extract as the body and the shared secret in a header; the answer
 *   comes once the change is in the change log, with the extract's report (rows kept, rows
 *   rejected with their line numbers, columns dropped). 401/404/405/413 as the webhook source.
 *
 * Either way the body is streamed through the reader (memory grows with the pathways kept, not
 * with the file), one extract at a time, and a good extract replaces this source's list in one
 * emit — so one commit, and no client ever sees half of an old list and half of a new one.
 */
import { createReadStream } from 'node:fs'
import { mkdir, readdir, rename, stat } from 'node:fs/promises'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { join, resolve as resolvePath } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { z } from 'zod'
import type { WaitingEntity } from '../../../shared/contracts/waiting.ts'
import { londonDateOf } from '../../../shared/domain/waiting/rttWaits.ts'
import type { AdapterContext, SourceAdapter } from '../../ingest/sourceAdapter.ts'
import {
  admitRequest,
  boundPort,
  listenIntake,
  refuseTooLarge,
  replyJson,
  sharedSecretDigest,
} from '../../ingest/httpIntake.ts'
import { planPtlReplace, type PtlPlan } from './planPtlReplace.ts'
import { DEFAULT_PTL_LIMITS, readPtlExtract, type PtlExtractReport } from './readPtlExtract.ts'

export const ptlConfigSchema = z
  .object({
    kind: z.literal('ptl'),
    id: z.string().min(1).max(64),
    /** The trust the pathways belong to; default: the site model's trust. */
    trustId: z.string().min(1).max(128).optional(),
    /** A drop folder the PAS writes its extract into. Relative to the config file. */
    watch: z
      .object({
        dir: z.string().min(1),
        pollSeconds: z.number().min(0.05).max(3_600).default(30),
        /** A file is read once unmodified for this long (a writer still copying it is waited for). */
        settleSeconds: z.number().min(0).max(3_600).default(10),
      })
      .strict()
      .optional(),
    /** An HTTP(S) upload endpoint of its own. */
    http: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        /** 0 picks a free port (tests). */
        port: z.number().int().min(0).max(65_535),
        path: z
          .string()
          .regex(/^\/[\w\-./]*$/)
          .default('/ptl'),
        secretHeader: z.string().min(1).max(64).default('x-watchfloor-secret'),
        secret: z.string().min(16).max(512).optional(),
        secretEnv: z.string().min(1).max(128).optional(),
        tls: z
          .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
          .strict()
          .optional(),
        maxBytes: z
          .number()
          .int()
          .min(1_024)
          .max(4 * 1024 ** 3)
          .default(1024 ** 3),
      })
      .strict()
      .refine(
        (c) => (c.secret === undefined) !== (c.secretEnv === undefined),
        'set exactly one of secret or secretEnv',
      )
      .optional(),
    /** The source reports itself degraded when no extract has arrived for this long. */
    expectEveryHours: z
      .number()
      .min(1)
      .max(24 * 31)
      .default(26),
    /** An extract with more bad rows than this (percent) is refused whole: probably the wrong file. */
    maxRejectedPercent: z.number().min(0).max(100).default(50),
    maxRows: z.number().int().min(1).max(20_000_000).default(DEFAULT_PTL_LIMITS.maxRows),
  })
  .strict()
  .refine((c) => c.watch !== undefined || c.http !== undefined, 'set watch, http or both')
export type PtlConfig = z.infer<typeof ptlConfigSchema>

/** How one extract went: applied (or identical to the last), or refused whole. */
export type PtlOutcome =
  | {
      readonly outcome: 'applied' | 'unchanged'
      readonly report: PtlExtractReport
      readonly added: number
      readonly updated: number
      readonly removed: number
    }
  | { readonly outcome: 'refused'; readonly reason: string; readonly report: PtlExtractReport }
  | { readonly outcome: 'not-recorded'; readonly report: PtlExtractReport }

export type PtlAdapter = SourceAdapter & {
  /** The upload port, once listening. */
  readonly port: () => number | null
  /** Reads one extract now (tests; the folder and upload use the same path). */
  readonly ingest: (input: Readable, origin: string) => Promise<PtlOutcome>
  /** Lists the drop folder once now (tests step it instead of waiting for the timer). */
  readonly pollNow: () => Promise<void>
}

const OVERDUE_CHECK_MS = 60_000
const LISTED_LINES = 8

/** "lines 3, 7, 12 … (+40 more)" for a status line. */
function describeRejections(report: PtlExtractReport): string {
  if (report.rejected === 0) return 'no row rejected'
  const lines = report.rejections.slice(0, LISTED_LINES).map((r) => r.line)
  const more = report.rejected - lines.length
  return `${report.rejected} rows rejected (lines ${lines.join(', ')}${more > 0 ? ` … +${more} more` : ''})`
}

export function createPtlAdapter(
  config: PtlConfig,
  options: { readonly configDir?: string } = {},
): PtlAdapter {
  const baseDir = options.configDir ?? process.cwd()
  const watchDir = config.watch === undefined ? null : resolvePath(baseDir, config.watch.dir)
  let server: Server | null = null
  let context: AdapterContext | null = null
  let pollTimer: ReturnType<typeof setInterval> | null = null
  let overdueTimer: ReturnType<typeof setInterval> | null = null
  let startedAt = 0
  let lastExtractAt: number | null = null
  let lastDetail = 'waiting for the first extract'
  let stopped = true
  /** One extract at a time: a second waits for the first to be committed. */
  let queue: Promise<unknown> = Promise.resolve()
  let polling: Promise<void> | null = null
  const limits = {
    ...DEFAULT_PTL_LIMITS,
    maxRows: config.maxRows,
    maxRejectedShare: config.maxRejectedPercent / 100,
  }

  const trustIdOf = (ctx: AdapterContext): string => config.trustId ?? ctx.siteModel.trust.id

  const reportStatus = (ctx: AdapterContext): void => {
    const overdueMs = config.expectEveryHours * 3_600_000
    const since = lastExtractAt ?? startedAt
    if (ctx.now() - since > overdueMs) {
      const hours = Math.floor((ctx.now() - since) / 3_600_000)
      ctx.sink.status(
        'degraded',
        `${lastExtractAt === null ? 'no extract received' : 'no new extract'} for ${hours} h (expected every ${config.expectEveryHours} h); ${lastDetail}`,
      )
    } else {
      ctx.sink.status('up', lastDetail)
    }
  }

  const runIngest = async (ctx: AdapterContext, input: Readable, origin: string): Promise<PtlOutcome> => {
    const log = ctx.log
    const trustId = trustIdOf(ctx)
    const today = londonDateOf(ctx.now())
    const extract = await readPtlExtract(input, {
      trustId,
      source: config.id,
      today,
      keyedHash: ctx.keyedHash,
      limits,
      // Counted and logged per row by the gateway: the line number and class, never the row.
      onReject: (rejection) => ctx.sink.reject(`ptl extract line ${rejection.line}: ${rejection.error}`),
    })
    const report = extract.report
    if (report.droppedColumns.identifying.length > 0) {
      // Header names only: what the trust must stop sending. The values were never read.
      log.warn('ptl extract carried identifying columns; dropped unread', {
        origin,
        columns: report.droppedColumns.identifying,
      })
    }
    if (!extract.ok) {
      ctx.sink.reject(`ptl extract refused: ${extract.reason}`)
      log.warn('ptl extract refused; the previous list is kept', {
        origin,
        reason: extract.reason,
        rows: report.rows,
        rejected: report.rejected,
      })
      lastDetail = `last extract refused (${extract.reason}); the list is the previous extract's`
      reportStatus(ctx)
      return { outcome: 'refused', reason: extract.reason, report }
    }
    const current: WaitingEntity[] = [...ctx.sink.entities('waiting')]
    const plan: PtlPlan = planPtlReplace({
      extract: extract.pathways,
      current,
      source: config.id,
      trustId,
      today,
      now: ctx.now(),
    })
    if (plan.ops.length > 0) {
      // One emit: the whole replacement lands in one commit (see the module comment).
      const { rejected } = ctx.sink.emit(plan.ops)
      if (rejected > 0) log.error('ptl ops rejected by validation', { rejected, total: plan.ops.length })
    } else {
      ctx.sink.confirmed()
    }
    try {
      await ctx.sink.durable()
    } catch {
      lastDetail = 'the last extract is not recorded: the change log cannot be written'
      return { outcome: 'not-recorded', report }
    }
    lastExtractAt = ctx.now()
    const dropped = report.droppedColumns.identifying.length
    lastDetail =
      `extract ${new Date(lastExtractAt).toISOString().slice(0, 16)}Z: ${report.accepted} pathways, ${describeRejections(report)}` +
      (dropped > 0 ? `; ${dropped} identifying columns dropped` : '')
    log.info('ptl extract applied', {
      origin,
      rows: report.rows,
      accepted: report.accepted,
      rejected: report.rejected,
      rejectedByError: report.rejectedByError,
      added: plan.added,
      updated: plan.updated,
      removed: plan.removed,
      unchanged: plan.unchanged,
      droppedIdentifyingColumns: dropped,
      droppedOtherColumns: report.droppedColumns.other.length,
    })
    reportStatus(ctx)
    return {
      outcome: plan.ops.length === 0 ? 'unchanged' : 'applied',
      report,
      added: plan.added,
      updated: plan.updated,
      removed: plan.removed,
    }
  }

  const ingest = (input: Readable, origin: string): Promise<PtlOutcome> => {
    const ctx = context
    if (ctx === null) {
      input.destroy()
      return Promise.reject(new Error('ptl source not started'))
    }
    const run = queue.then(() => runIngest(ctx, input, origin))
    queue = run.catch(() => undefined)
    return run
  }

  // ---------------------------------------------------------------------------------------- folder

  /** Moves a read file out of the drop folder, so it is read once. */
  const moveAside = async (ctx: AdapterContext, dir: string, name: string, into: string): Promise<void> => {
    const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-')
    try {
      await rename(join(dir, name), join(dir, into, `${stamp}-${name}`))
    } catch (error) {
      ctx.sink.error(`cannot move ${name} to ${into}/ (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    }
  }

  const pollOnce = async (ctx: AdapterContext): Promise<void> => {
    if (watchDir === null || config.watch === undefined) return
    let names: string[]
    try {
      names = (await readdir(watchDir)).filter((n) => /\.csv$/i.test(n) && !n.startsWith('.')).sort()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error'
      ctx.sink.error(`cannot list the drop folder (${code})`)
      ctx.sink.status('down', `cannot list the drop folder ${watchDir} (${code})`)
      return
    }
    for (const name of names) {
      if (stopped) return
      const path = join(watchDir, name)
      let info
      try {
        info = await stat(path)
      } catch {
        continue // gone since the listing (another reader, or the writer renamed it)
      }
      if (!info.isFile() || ctx.now() - info.mtimeMs < config.watch.settleSeconds * 1000) continue
      const outcome = await ingest(createReadStream(path), `folder:${name}`)
      // Not recorded (the log cannot be written): left in place, read again at the next poll.
      if (outcome.outcome === 'not-recorded') return
      await moveAside(ctx, watchDir, name, outcome.outcome === 'refused' ? 'refused' : 'processed')
    }
  }

  const pollNow = (): Promise<void> => {
    const ctx = context
    if (ctx === null) return Promise.resolve()
    polling ??= pollOnce(ctx).finally(() => {
      polling = null
    })
    return polling
  }

  // ---------------------------------------------------------------------------------------- HTTP

  const handle = (ctx: AdapterContext, req: IncomingMessage, res: ServerResponse): void => {
    const http = config.http
    if (http === undefined) return
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== http.path) return replyJson(res, 404, { error: 'not found' })
    const guard = {
      label: 'ptl upload',
      methods: ['POST', 'PUT'],
      secretHeader: http.secretHeader,
      secret: http,
      maxBytes: http.maxBytes,
    }
    if (!admitRequest(ctx, req, res, guard)) return
    let size = 0
    let tooLarge = false
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length
        if (size > http.maxBytes) {
          tooLarge = true
          callback(Object.assign(new Error('upload too large'), { code: 'ETOOLARGE' }))
          return
        }
        callback(null, chunk)
      },
    })
    req.on('error', (error: NodeJS.ErrnoException) => counted.destroy(error))
    req.pipe(counted)
    ingest(counted, 'http').then(
      (outcome) => {
        if (tooLarge) return refuseTooLarge(res, http.maxBytes)
        switch (outcome.outcome) {
          case 'applied':
          case 'unchanged':
            return replyJson(res, 200, {
              outcome: outcome.outcome,
              added: outcome.added,
              updated: outcome.updated,
              removed: outcome.removed,
              ...outcome.report,
            })
          case 'refused':
            return replyJson(res, 422, { outcome: 'refused', error: outcome.reason, ...outcome.report })
          case 'not-recorded':
            res.setHeader('retry-after', '60')
            return replyJson(res, 503, {
              error: 'not recorded: the gateway cannot write its change log; retry later',
            })
        }
      },
      (error: unknown) => {
        ctx.log.error('ptl upload failed', { reason: error instanceof Error ? error.message : 'unknown' })
        replyJson(res, 500, { error: 'internal error' })
      },
    )
  }

  const listen = async (ctx: AdapterContext): Promise<void> => {
    const http = config.http
    if (http === undefined) return
    server = await listenIntake(
      ctx,
      {
        label: 'ptl upload',
        host: http.host,
        port: http.port,
        tls: http.tls,
        baseDir,
        // A large extract over a slow link takes a while; the headers must not.
        requestTimeoutMs: 30 * 60_000,
      },
      (req, res) => handle(ctx, req, res),
    )
  }

  return {
    id: config.id,
    kind: 'ptl',
    topics: ['waiting'],
    port: () => boundPort(server),
    ingest,
    pollNow,
    async start(ctx: AdapterContext): Promise<void> {
      context = ctx
      stopped = false
      startedAt = ctx.now()
      // After a restart the last extract is the newest change of this source still held.
      for (const entity of ctx.sink.entities('waiting')) {
        if (entity.source === config.id) lastExtractAt = Math.max(lastExtractAt ?? 0, entity.updatedAt)
      }
      if (lastExtractAt !== null)
        lastDetail = `last change ${new Date(lastExtractAt).toISOString().slice(0, 16)}Z`
      if (watchDir !== null && config.watch !== undefined) {
        try {
          await mkdir(join(watchDir, 'processed'), { recursive: true })
          await mkdir(join(watchDir, 'refused'), { recursive: true })
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'error'
          ctx.sink.error(`cannot prepare the drop folder (${code})`)
          ctx.sink.status('down', `cannot use the drop folder ${watchDir} (${code})`)
          return
        }
        const every = config.watch.pollSeconds * 1000
        pollTimer = setInterval(() => {
          pollNow().catch((error: unknown) =>
            ctx.log.error('ptl folder poll failed', {
              reason: error instanceof Error ? error.message : 'unknown',
            }),
          )
        }, every)
        pollTimer.unref()
      }
      await listen(ctx)
      if (config.http !== undefined && server === null) return
      if (config.http !== undefined && sharedSecretDigest(config.http) === null) {
        ctx.log.warn('ptl upload secret missing or shorter than 16 characters')
      }
      reportStatus(ctx)
      overdueTimer = setInterval(() => reportStatus(ctx), OVERDUE_CHECK_MS)
      overdueTimer.unref()
    },
    async stop(): Promise<void> {
      stopped = true
      if (pollTimer !== null) clearInterval(pollTimer)
      if (overdueTimer !== null) clearInterval(overdueTimer)
      pollTimer = null
      overdueTimer = null
      const srv = server
      server = null
      if (srv !== null) {
        srv.closeAllConnections()
        await new Promise<void>((resolve) => srv.close(() => resolve()))
      }
      await polling
      await queue
      context?.sink.status('down', 'stopped')
    },
  }
}
