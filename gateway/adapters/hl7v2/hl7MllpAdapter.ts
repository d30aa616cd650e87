/**
 * Beds from HL7 v2 ADT over MLLP: the way a PAS/EPR or an integration engine (Rhapsody, Mirth)
 * feeds downstream systems. One TCP listener, many connections, one message at a time per
 * connection, an ACK for every message — sent only once the outcome is in the durable journal
 * (MLLP release 2: at-least-once delivery, so a repeated MSH-10 is re-acknowledged, not re-applied).
 *
 * Per message: parse (patient identifiers dropped there) → deduplicate by MSH-10 → plan the bed
 * changes → emit them → journal (fsync) → ACK. A crash before the journal write means no ACK, so
 * the sender re-sends and the (idempotent) bed change applies again: nothing is lost.
 */
import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { z } from 'zod'
import type { Bed, SourceStatus } from '../../../shared/contracts/entities.ts'
import { assertNever } from '../../../shared/util/assertNever.ts'
import type { AdapterContext, SourceAdapter } from '../../ingest/sourceAdapter.ts'
import { AckJournal } from './AckJournal.ts'
import type { AckCode } from './buildAck.ts'
import { buildAck } from './buildAck.ts'
import { MllpFramer, mllpFrame } from './MllpFramer.ts'
import type { AdtMessage, Hl7FieldRef, Hl7Header, Hl7Location } from './parseHl7Message.ts'
import { isExtraFieldAllowed, parseHl7Message } from './parseHl7Message.ts'
import type { AckError } from './planBedChanges.ts'
import { planBedChanges } from './planBedChanges.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'

const fieldRefSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{2}-\d{1,3}$/, 'a field like "ZBD-2"')
  .refine((ref) => isExtraFieldAllowed(ref.slice(0, 3)), 'only Z-segments, PV1 and PV2 may be read')

const locationEntrySchema = z
  .object({
    /** PV1-3.1, e.g. "W07". */
    pointOfCare: z.string().min(1).max(64),
    /** PV1-3.2, e.g. "BAY2"; omitted or "*" matches any room. */
    room: z.string().max(64).default('*'),
    /** PV1-3.3, e.g. "B04". */
    bed: z.string().min(1).max(64),
    /** Our bed id (the site model's). */
    bedId: z.string().min(1).max(128),
  })
  .strict()

export const hl7MllpConfigSchema = z
  .object({
    kind: z.literal('hl7-mllp'),
    id: z.string().min(1).max(64),
    /** Interface to listen on; 0.0.0.0 to accept the integration engine from the network. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port; 0 picks a free one (tests). */
    port: z.number().int().min(0).max(65_535),
    /** Directory for the acknowledgement journal (must survive restarts). */
    dataDir: z.string().min(1),
    maxFrameBytes: z
      .number()
      .int()
      .min(1_024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    maxConnections: z.number().int().min(1).max(10_000).default(64),
    /** A connection silent for this long is closed; engines reconnect on their next message. */
    idleTimeoutMs: z
      .number()
      .int()
      .min(1_000)
      .default(10 * 60_000),
    /** MSH-3/MSH-4 of our ACKs. */
    application: z.string().min(1).max(64).default('WATCHFLOOR'),
    facility: z.string().max(64).default(''),
    dedupe: z
      .object({
        maxIds: z.number().int().min(100).max(10_000_000).default(100_000),
        maxAgeDays: z.number().min(1).max(365).default(7),
      })
      .default({ maxIds: 100_000, maxAgeDays: 7 }),
    /** PV1-3 / NPU-1 → bed id, checked before `bedIdPattern`. */
    locations: z.array(locationEntrySchema).default([]),
    /**
     * Builds a bed id from the location when the table has no entry, e.g. "{pointOfCare}-{room}-{bed}".
     * The id must be a bed of the site model (or already known to the gateway), otherwise AE.
     */
    bedIdPattern: z.string().min(1).max(200).optional(),
    /** Where NCTR (no criteria to reside) comes from, if the trust sends it, e.g. ZBD-2 = "Y". */
    nctr: z
      .object({ field: fieldRefSchema, trueValues: z.array(z.string()).min(1).default(['Y']) })
      .optional(),
    /**
     * A PV1-3 / NPU-1 that is missing or not on the board: `reject` answers AE (use it when the
     * engine sends only the board's wards); `ignore` answers AA and changes nothing for it (use it
     * when the feed carries the whole hospital — ED, clinics, wards not on the board).
     */
    unknownLocations: z.enum(['reject', 'ignore']).default('reject'),
    /** Defines "today" for expected discharge. */
    timeZone: z.string().min(1).default('Europe/London'),
  })
  .strict()
export type Hl7MllpConfig = z.infer<typeof hl7MllpConfigSchema>

/** The HL7 adapter, plus the bound port for callers that asked for port 0. */
export type Hl7MllpAdapter = SourceAdapter & { readonly port: () => number | null }

const RETRY_LISTEN_MS = 5_000
/** Frames queued on one connection before we stop reading from it (TCP backpressure). */
const MAX_QUEUED_FRAMES = 64

export function createHl7MllpAdapter(config: Hl7MllpConfig): Hl7MllpAdapter {
  let context: AdapterContext | null = null
  let server: Server | null = null
  let journal: AckJournal | null = null
  let retryTimer: NodeJS.Timeout | null = null
  let stopping = false
  let ackSeq = 0
  const sockets = new Set<Socket>()
  /** Control ids being processed right now, so a duplicate on another connection waits for the first. */
  const inFlight = new Map<string, Promise<AckCode | null>>()
  const nctrRef: Hl7FieldRef | null =
    config.nctr === undefined
      ? null
      : { segment: config.nctr.field.slice(0, 3), field: Number(config.nctr.field.slice(4)) }
  const table = new Map<string, string>()
  for (const entry of config.locations) {
    table.set(locationKey(entry.pointOfCare, entry.room || '*', entry.bed), entry.bedId)
  }

  function resolveBed(ctx: AdapterContext, location: Hl7Location): string | null {
    const exact = table.get(locationKey(location.pointOfCare, location.room, location.bed))
    if (exact !== undefined) return exact
    const anyRoom = table.get(locationKey(location.pointOfCare, '*', location.bed))
    if (anyRoom !== undefined) return anyRoom
    if (config.bedIdPattern === undefined) return null
    const id = config.bedIdPattern
      .replaceAll('{pointOfCare}', location.pointOfCare)
      .replaceAll('{room}', location.room)
      .replaceAll('{bed}', location.bed)
      .replaceAll('{facility}', location.facility)
    const known = ctx.siteModel.beds.some((b) => b.id === id) || ctx.sink.current('beds', id) !== undefined
    return known ? id : null
  }

  function report(status: SourceStatus, detail: string | null): void {
    context?.sink.status(status, detail)
  }

  function reportListening(): void {
    const port = server?.address()
    const where = typeof port === 'object' && port !== null ? `port ${port.port}` : 'port ?'
    report('up', `listening on ${where}; ${sockets.size} connection(s)`)
  }

  function listen(ctx: AdapterContext): Promise<void> {
    return new Promise<void>((resolve) => {
      const srv = createServer((socket) => handleConnection(ctx, socket))
      srv.maxConnections = config.maxConnections
      srv.once('error', (error: NodeJS.ErrnoException) => {
        ctx.sink.error(`listen failed: ${error.code ?? 'error'}`)
        report('down', `cannot listen on ${config.host}:${config.port} (${error.code ?? 'error'}); retrying`)
        ctx.log.error('mllp listen failed', { code: error.code })
        srv.close()
        if (!stopping)
          retryTimer = setTimeout(
            () =>
              runDetached(listen(ctx), (e: unknown) =>
                ctx.log.error('mllp listen retry failed', { reason: String(e) }),
              ),
            RETRY_LISTEN_MS,
          )
        resolve()
      })
      srv.listen(config.port, config.host, () => {
        server = srv
        srv.on('error', (error: NodeJS.ErrnoException) => {
          ctx.sink.error(`listener error: ${error.code ?? 'error'}`)
          ctx.log.error('mllp listener error', { code: error.code })
        })
        ctx.log.info('mllp listening', { port: (srv.address() as { port: number } | null)?.port })
        reportListening()
        resolve()
      })
    })
  }

  function handleConnection(ctx: AdapterContext, socket: Socket): void {
    sockets.add(socket)
    reportListening()
    const framer = new MllpFramer(config.maxFrameBytes)
    let chain: Promise<void> = Promise.resolve()
    let queued = 0
    socket.setTimeout(config.idleTimeoutMs, () => socket.end())
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        switch (event.kind) {
          case 'garbage':
            ctx.sink.reject(`${event.bytes} byte(s) outside MLLP frames`)
            ctx.log.warn('mllp bytes outside frames', { bytes: event.bytes })
            break
          case 'oversized':
          case 'frame': {
            queued++
            if (queued >= MAX_QUEUED_FRAMES) socket.pause()
            chain = chain
              .then(() =>
                event.kind === 'frame'
                  ? handleFrame(ctx, socket, event.payload)
                  : handleOversized(ctx, socket, event),
              )
              .catch((error: unknown) => {
                // A bug, not an input problem: count it, drop the connection, keep the listener.
                ctx.sink.error('internal error handling a message')
                ctx.log.error('mllp handler failed', {
                  error: error instanceof Error ? error.message : 'unknown',
                })
                socket.destroy()
              })
              .finally(() => {
                queued--
                if (queued < MAX_QUEUED_FRAMES && socket.isPaused()) socket.resume()
              })
            break
          }
          default:
            assertNever(event, 'MLLP event')
        }
      }
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // Counted, not fatal: the engine reconnects and re-sends whatever was not acknowledged.
      ctx.sink.error(`connection error: ${error.code ?? 'error'}`)
      ctx.log.debug('mllp connection error', { code: error.code })
    })
    socket.on('close', () => {
      sockets.delete(socket)
      if (!stopping) reportListening()
    })
  }

  async function handleOversized(
    ctx: AdapterContext,
    socket: Socket,
    event: { readonly bytes: number; readonly head: Buffer },
  ): Promise<void> {
    ctx.sink.reject(`message of ${event.bytes} bytes exceeds maxFrameBytes ${config.maxFrameBytes}`)
    const parsed = parseHl7Message(event.head.toString('utf8'))
    const header = parsed.ok ? parsed.message.header : parsed.header
    await finish(ctx, socket, header, 'AR', { location: 'MSH', code: '207', text: 'message too large' }, null)
  }

  async function handleFrame(ctx: AdapterContext, socket: Socket, payload: Buffer): Promise<void> {
    const parsed = parseHl7Message(payload.toString('utf8'), {
      extraFields: nctrRef === null ? [] : [nctrRef],
    })
    if (!parsed.ok) {
      ctx.sink.reject(`hl7 ${parsed.code}`)
      ctx.log.warn('hl7 message rejected', { code: parsed.code, controlId: parsed.header?.controlId })
      const badId = parsed.code === 'missing-control-id' || parsed.code === 'bad-control-id'
      const err = { location: badId ? 'MSH^1^10' : 'MSH', code: '100', text: parsed.reason }
      // An over-long control id is echoed clipped but not journalled: it could never be matched reliably.
      const recorded =
        parsed.header === null || parsed.code === 'bad-control-id'
          ? undefined
          : journal?.lookup(parsed.header.controlId)
      if (recorded !== undefined) return sendAck(ctx, socket, parsed.header, recorded.ack, err)
      if (parsed.code === 'bad-control-id') return sendAck(ctx, socket, parsed.header, 'AR', err)
      await finish(ctx, socket, parsed.header, 'AR', err, null)
      return
    }
    const message = parsed.message
    const id = message.header.controlId

    const recorded = journal?.lookup(id)
    if (recorded !== undefined) {
      ctx.log.info('hl7 duplicate re-acknowledged', { controlId: id, ack: recorded.ack })
      return sendAck(
        ctx,
        socket,
        message.header,
        recorded.ack,
        recorded.ack === 'AA' ? undefined : duplicateError,
      )
    }
    const pending = inFlight.get(id)
    if (pending !== undefined) {
      const ack = await pending
      if (ack !== null)
        return sendAck(ctx, socket, message.header, ack, ack === 'AA' ? undefined : duplicateError)
    }

    const work = applyAndCommit(ctx, socket, message)
    inFlight.set(id, work)
    try {
      await work
    } finally {
      inFlight.delete(id)
    }
  }

  async function applyAndCommit(
    ctx: AdapterContext,
    socket: Socket,
    message: AdtMessage,
  ): Promise<AckCode | null> {
    const plan = planBedChanges(message, {
      resolveBed: (location) => resolveBed(ctx, location),
      currentBed: (bedId): Bed | undefined => ctx.sink.current('beds', bedId),
      now: ctx.now(),
      nctrOf: (m) => {
        if (config.nctr === undefined) return null
        const value = m.extra[config.nctr.field]
        return value === undefined || value === '' ? null : config.nctr.trueValues.includes(value)
      },
      timeZone: config.timeZone,
      unknownLocations: config.unknownLocations,
    })
    const { controlId, triggerEvent } = message.header
    if (!plan.ok) {
      ctx.sink.reject(`hl7 ${triggerEvent} ${plan.ack} ${plan.code}`)
      ctx.log.warn('hl7 message not applied', {
        controlId,
        event: triggerEvent,
        ack: plan.ack,
        code: plan.code,
      })
      return finish(ctx, socket, message.header, plan.ack, plan, triggerEvent)
    }
    const result = plan.ops.length > 0 ? ctx.sink.emit(plan.ops) : { accepted: 0, rejected: 0 }
    if (result.rejected > 0) {
      ctx.log.warn('hl7 bed change rejected by the gateway', {
        controlId,
        event: triggerEvent,
        rejected: result.rejected,
      })
      const err: AckError = {
        ack: 'AE',
        code: '207',
        text: 'bed update rejected by validation',
        location: 'PV1^1^3',
      }
      return finish(ctx, socket, message.header, 'AE', err, triggerEvent)
    }
    ctx.log.debug('hl7 applied', { controlId, event: triggerEvent, ops: plan.ops.length })
    return finish(ctx, socket, message.header, 'AA', undefined, triggerEvent)
  }

  /** Journals the outcome (when the message has a control id), then acknowledges. */
  async function finish(
    ctx: AdapterContext,
    socket: Socket,
    header: Hl7Header | null,
    ack: AckCode,
    error: { readonly location: string; readonly code: string; readonly text: string } | undefined,
    event: string | null,
  ): Promise<AckCode | null> {
    if (header !== null && header.controlId !== '' && journal !== null) {
      try {
        await journal.commit({
          id: header.controlId,
          ack,
          at: ctx.now(),
          event: (event ?? header.triggerEvent).slice(0, 16),
        })
      } catch (failure) {
        // No ACK without a durable record: drop the connection so the engine re-sends later.
        ctx.sink.error('journal write failed')
        ctx.log.error('hl7 journal write failed', {
          error: failure instanceof Error ? failure.message : 'unknown',
        })
        report('degraded', 'cannot write the acknowledgement journal; messages are not acknowledged')
        socket.destroy()
        return null
      }
    }
    sendAck(ctx, socket, header, ack, error)
    return ack
  }

  function sendAck(
    ctx: AdapterContext,
    socket: Socket,
    header: Hl7Header | null,
    code: AckCode,
    error: { readonly location: string; readonly code: string; readonly text: string } | undefined,
  ): void {
    if (socket.destroyed || !socket.writable) return
    ackSeq = (ackSeq + 1) % 1_000_000
    const text = buildAck({
      code,
      original: header,
      application: config.application,
      facility: config.facility,
      controlId: `WF${ctx.now().toString(36)}${ackSeq.toString(36)}`.slice(0, 20),
      now: ctx.now(),
      ...(error === undefined ? {} : { error }),
    })
    socket.write(mllpFrame(text))
  }

  return {
    id: config.id,
    kind: 'hl7-mllp',
    topics: ['beds'],
    port: () => {
      const address = server?.address()
      return typeof address === 'object' && address !== null ? address.port : null
    },
    async start(ctx: AdapterContext): Promise<void> {
      context = ctx
      stopping = false
      try {
        journal = await AckJournal.open({
          dir: config.dataDir,
          fileName: `${config.id}.acks.jsonl`,
          maxEntries: config.dedupe.maxIds,
          maxAgeMs: config.dedupe.maxAgeDays * 86_400_000,
          now: ctx.now,
        })
      } catch (error) {
        // Without the journal we could not honour at-least-once, so we do not listen at all.
        ctx.sink.error('journal open failed')
        ctx.log.error('hl7 journal open failed', {
          error: error instanceof Error ? error.message : 'unknown',
        })
        report('down', `cannot open the acknowledgement journal in ${config.dataDir}`)
        return
      }
      if (journal.skippedLines > 0)
        ctx.log.warn('hl7 journal had unreadable lines', { lines: journal.skippedLines })
      ctx.log.info('hl7 journal open', { ids: journal.size })
      await listen(ctx)
    },
    async stop(): Promise<void> {
      stopping = true
      if (retryTimer !== null) clearTimeout(retryTimer)
      retryTimer = null
      const srv = server
      server = null
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      if (srv !== null) await new Promise<void>((resolve) => srv.close(() => resolve()))
      await journal?.close()
      journal = null
      report('down', 'stopped')
    },
  }
}

const duplicateError = { location: 'MSH^1^10', code: '205', text: 'duplicate message control id' }

function locationKey(pointOfCare: string, room: string, bed: string): string {
  return `${pointOfCare.toUpperCase()}^${room.toUpperCase()}^${bed.toUpperCase()}`
}
