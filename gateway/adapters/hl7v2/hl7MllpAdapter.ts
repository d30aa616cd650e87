/**
 * Beds from HL7 v2 ADT over MLLP: the way a PAS/EPR or an integration engine (Rhapsody, Mirth)
 * feeds downstream systems. One TCP listener, many connections, one message at a time per
 * connection, an ACK for every message — sent only once the message's bed changes AND its receipt
 * are in the gateway's change log, in one commit (MLLP release 2: at-least-once delivery, so a
 * re-sent message is re-acknowledged with its first answer, never applied twice).
 *
 * Per message: parse (patient identifiers dropped there) → look up its receipt by the sender's key
 * (MSH-3 sending application + MSH-4 sending facility + MSH-10 control id; two senders may reuse a
 * control id) → plan the bed changes → emit them with the receipt → wait for the commit → ACK.
 * A crash before the commit means no ACK and nothing in the log: the sender re-sends and the change
 * applies then. The same key with different content is not a re-send: it is answered AE and
 * counted, never silently acknowledged.
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { z } from 'zod'
import type { Bed, SourceStatus } from '../../../shared/contracts/entities.ts'
import type { AdapterContext, SourceAdapter, SourceReceipt } from '../../ingest/sourceAdapter.ts'
import type { AckCode } from './buildAck.ts'
import { buildAck } from './buildAck.ts'
import { controlIdTag, eventLabel } from './hl7LogFields.ts'
import { mllpFrame } from './MllpFramer.ts'
import { MAX_PIPELINED, MLLP_SERVER_OPTIONS, MllpTransport, type MllpCloseReason } from './MllpTransport.ts'
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
    /**
     * No longer used: acknowledgements are kept in the gateway's change log (`storage.dir`).
     * Accepted so an older config still loads; the gateway logs that it is ignored.
     */
    dataDir: z.string().min(1).optional(),
    maxFrameBytes: z
      .number()
      .int()
      .min(1_024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    maxConnections: z.number().int().min(1).max(10_000).default(64),
    /** Connections one peer address may hold; more are refused (counted, logged, status degraded). */
    maxConnectionsPerPeer: z.number().int().min(1).max(10_000).default(32),
    /**
     * A connection with no complete message for this long is closed; engines reconnect on their
     * next message. Bytes that are not a complete message (keep-alives, a trickle) do not count.
     */
    idleTimeoutMs: z
      .number()
      .int()
      .min(1_000)
      .default(10 * 60_000),
    /**
     * A message must arrive whole within this long of its first byte, and an ACK must be read by
     * the peer within this long of being written; otherwise the connection is closed.
     */
    frameTimeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
    /** MSH-3/MSH-4 of our ACKs. */
    application: z.string().min(1).max(64).default('WATCHFLOOR'),
    facility: z.string().max(64).default(''),
    /**
     * No longer used: receipts are kept for the change log's retention (`storage.retentionDays`).
     * Accepted so an older config still loads.
     */
    dedupe: z
      .object({
        maxIds: z.number().int().min(100).max(10_000_000).optional(),
        maxAgeDays: z.number().min(1).max(365).optional(),
      })
      .optional(),
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

export function createHl7MllpAdapter(config: Hl7MllpConfig): Hl7MllpAdapter {
  let context: AdapterContext | null = null
  let server: Server | null = null
  let retryTimer: NodeJS.Timeout | null = null
  let stopping = false
  let degradedByLog = false
  let ackSeq = 0
  let transport: MllpTransport | null = null
  /** Keys being processed right now, so a duplicate on another connection waits for the first. */
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
    if (degradedByLog) {
      report('degraded', 'cannot write the change log; messages are not acknowledged (senders will retry)')
      return
    }
    const port = server?.address()
    const where = typeof port === 'object' && port !== null ? `port ${port.port}` : 'port ?'
    const open = `listening on ${where}; ${transport?.connections ?? 0} connection(s)`
    const refused = transport?.refusedRecently() ?? 0
    if (refused === 0) return report('up', open)
    report(
      'degraded',
      `${open}; refused ${refused} connection(s) in the last minute ` +
        `(limits ${config.maxConnections} in all, ${config.maxConnectionsPerPeer} per peer)`,
    )
  }

  function createTransport(ctx: AdapterContext): MllpTransport {
    return new MllpTransport(config, {
      onMessage: (socket, event) =>
        event.kind === 'frame'
          ? handleFrame(ctx, socket, event.payload)
          : handleOversized(ctx, socket, event),
      onGarbage: (bytes) => {
        ctx.sink.reject(`${bytes} byte(s) outside MLLP frames`)
        ctx.log.warn('mllp bytes outside frames', { bytes })
      },
      onChange: () => {
        if (!stopping && server !== null) reportListening()
      },
      onRefused: (peer, reason) => {
        ctx.sink.connectionRefused(reason)
        ctx.log.warn('mllp connection refused', {
          peer,
          reason,
          limit: reason === 'limit' ? config.maxConnections : config.maxConnectionsPerPeer,
        })
      },
      onClosed: (peer, reason) => {
        // An idle connection closing is routine; the others are a peer misbehaving.
        if (reason === 'idle') return ctx.log.debug('mllp idle connection closed', { peer })
        ctx.sink.error(`connection closed: ${CLOSE_REASONS[reason]}`)
        ctx.log.warn('mllp connection closed', { peer, reason })
      },
      onSocketError: (code) => {
        // Counted, not fatal: the engine reconnects and re-sends whatever was not acknowledged.
        ctx.sink.error(`connection error: ${code}`)
        ctx.log.debug('mllp connection error', { code })
      },
      onHandlerError: (error) => {
        // A bug, not an input problem: count it, drop the connection, keep the listener.
        ctx.sink.error('internal error handling a message')
        ctx.log.error('mllp handler failed', { error: error instanceof Error ? error.message : 'unknown' })
      },
    })
  }

  /**
   * Beds of the board the gateway holds no state for (a new log, or beds added to the site model)
   * are `unknown` until a message says what they are, rather than absent or assumed free.
   */
  function markUnknownBeds(ctx: AdapterContext): void {
    const at = ctx.now()
    const ops = ctx.siteModel.beds
      .filter((bed) => ctx.sink.current('beds', bed.id) === undefined)
      .map((bed) => ({
        topic: 'beds' as const,
        op: 'upsert' as const,
        entity: {
          id: bed.id,
          status: 'unknown',
          statusSince: at,
          closedReason: null,
          housekeeping: null,
          escalationOpen: false,
          nctr: false,
          expectedDischargeToday: false,
          lengthOfStayDays: null,
          updatedAt: at,
        } satisfies Bed,
      }))
    if (ops.length > 0) {
      ctx.sink.emit(ops)
      ctx.log.info('hl7 beds without state marked unknown', { beds: ops.length })
    }
  }

  function listen(ctx: AdapterContext): Promise<void> {
    return new Promise<void>((resolve) => {
      transport ??= createTransport(ctx)
      // Connection limits are the transport's (per peer, with a counted refusal), not maxConnections'.
      const srv = createServer(MLLP_SERVER_OPTIONS, transport.accept)
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

  async function handleOversized(
    ctx: AdapterContext,
    socket: Socket,
    event: { readonly bytes: number; readonly head: Buffer },
  ): Promise<void> {
    ctx.sink.reject(`message of ${event.bytes} bytes exceeds maxFrameBytes ${config.maxFrameBytes}`)
    const parsed = parseHl7Message(event.head.toString('utf8'))
    const header = parsed.ok ? parsed.message.header : parsed.header
    // As for a message that does not parse: AR every time, nothing to record.
    sendAck(ctx, socket, header, 'AR', { location: 'MSH', code: '207', text: 'message too large' })
    await Promise.resolve()
  }

  async function handleFrame(ctx: AdapterContext, socket: Socket, payload: Buffer): Promise<void> {
    const parsed = parseHl7Message(payload.toString('utf8'), {
      extraFields: nctrRef === null ? [] : [nctrRef],
    })
    if (!parsed.ok) {
      ctx.sink.reject(`hl7 ${parsed.code}`)
      ctx.log.warn('hl7 message rejected', {
        code: parsed.code,
        controlIdTag: controlIdTag(ctx.keyedHash, parsed.header?.controlId),
      })
      const err = { location: parsed.ackError.location, code: parsed.ackError.code, text: parsed.reason }
      // An over-long control id is echoed clipped but not recorded: it could never be matched reliably.
      if (parsed.header === null || parsed.code === 'bad-control-id' || parsed.header.controlId === '') {
        return sendAck(ctx, socket, parsed.header, 'AR', err)
      }
      // A message that does not parse gets AR again if re-sent, whatever the state: no receipt and
      // no commit to wait for (a flood of garbage never queues behind the disk). A key answered
      // before, by a message that did parse, keeps its first answer.
      const recorded = await ctx.sink.receipt(receiptKey(parsed.header))
      return sendAck(
        ctx,
        socket,
        parsed.header,
        recorded === undefined ? 'AR' : (recorded.outcome as AckCode),
        err,
      )
    }
    const message = parsed.message
    const key = receiptKey(message.header)
    const digest = digestOf(payload)

    const pending = inFlight.get(key)
    if (pending !== undefined) await pending
    const recorded = await ctx.sink.receipt(key)
    if (recorded !== undefined) return answerRepeat(ctx, socket, message.header, recorded, digest)

    const work = applyAndCommit(ctx, socket, message, digest)
    inFlight.set(key, work)
    try {
      await work
    } finally {
      inFlight.delete(key)
    }
  }

  /** A message whose key was answered before: the same answer, once the first is durable. */
  async function answerRepeat(
    ctx: AdapterContext,
    socket: Socket,
    header: Hl7Header,
    recorded: SourceReceipt,
    digest: string,
  ): Promise<void> {
    const tag = controlIdTag(ctx.keyedHash, header.controlId)
    if (recorded.digest !== digest) {
      // Same sender, same control id, other content: a reused id, not a re-send. Applying it
      // could overwrite the first; ignoring it with AA would lose it. Refuse, loudly.
      ctx.sink.reject('hl7 control id reused with different content')
      ctx.log.warn('hl7 control id reused with different content', {
        controlIdTag: tag,
        event: eventLabel(header.triggerEvent),
      })
      return sendAck(ctx, socket, header, 'AE', reusedIdError)
    }
    try {
      // The first copy may still be committing (a re-send after a timeout): answer once it is in.
      await ctx.sink.durable()
    } catch (failure) {
      return dropUnacknowledged(ctx, socket, failure)
    }
    logWritable()
    ctx.log.info('hl7 duplicate re-acknowledged', { controlIdTag: tag, ack: recorded.outcome })
    const ack = recorded.outcome as AckCode
    return sendAck(ctx, socket, header, ack, ack === 'AA' ? undefined : duplicateError)
  }

  async function applyAndCommit(
    ctx: AdapterContext,
    socket: Socket,
    message: AdtMessage,
    digest: string,
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
      ctx.sink.reject(`hl7 ${eventLabel(triggerEvent)} ${plan.ack} ${plan.code}`)
      ctx.log.warn('hl7 message not applied', {
        controlIdTag: controlIdTag(ctx.keyedHash, controlId),
        event: eventLabel(triggerEvent),
        ack: plan.ack,
        code: plan.code,
      })
      return finish(ctx, socket, message.header, plan.ack, plan, triggerEvent, digest)
    }
    const result = plan.ops.length > 0 ? ctx.sink.emit(plan.ops) : { accepted: 0, rejected: 0 }
    if (result.rejected > 0) {
      ctx.log.warn('hl7 bed change rejected by the gateway', {
        controlIdTag: controlIdTag(ctx.keyedHash, controlId),
        event: eventLabel(triggerEvent),
        rejected: result.rejected,
      })
      const err: AckError = {
        ack: 'AE',
        code: '207',
        text: 'bed update rejected by validation',
        location: 'PV1^1^3',
      }
      return finish(ctx, socket, message.header, 'AE', err, triggerEvent, digest)
    }
    ctx.log.debug('hl7 applied', {
      controlIdTag: controlIdTag(ctx.keyedHash, controlId),
      event: eventLabel(triggerEvent),
      ops: plan.ops.length,
    })
    return finish(ctx, socket, message.header, 'AA', undefined, triggerEvent, digest)
  }

  /**
   * Records the outcome (when the message has a control id) with the changes emitted for it, waits
   * for the commit, then acknowledges. Without a durable record there is no ACK.
   */
  async function finish(
    ctx: AdapterContext,
    socket: Socket,
    header: Hl7Header | null,
    ack: AckCode,
    error: { readonly location: string; readonly code: string; readonly text: string } | undefined,
    event: string | null,
    digest: string,
  ): Promise<AckCode | null> {
    if (header !== null && header.controlId !== '') {
      ctx.sink.recordReceipt({
        key: receiptKey(header),
        digest,
        outcome: ack,
        event: (event ?? header.triggerEvent).slice(0, 16),
        at: ctx.now(),
      })
    }
    try {
      await ctx.sink.durable()
    } catch (failure) {
      dropUnacknowledged(ctx, socket, failure)
      return null
    }
    logWritable()
    sendAck(ctx, socket, header, ack, error)
    return ack
  }

  function logWritable(): void {
    if (!degradedByLog) return
    degradedByLog = false
    reportListening()
  }

  /** The log could not be written: no ACK; dropping the connection makes the engine re-send. */
  function dropUnacknowledged(ctx: AdapterContext, socket: Socket, failure: unknown): void {
    ctx.sink.error('change log write failed')
    ctx.log.error('hl7 message not acknowledged: the change log cannot be written', {
      error: failure instanceof Error ? failure.message : 'unknown',
    })
    degradedByLog = true
    reportListening()
    socket.destroy()
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
      if (config.dataDir !== undefined || config.dedupe !== undefined) {
        ctx.log.warn('hl7 dataDir and dedupe are no longer used: receipts are kept in the change log')
      }
      markUnknownBeds(ctx)
      await listen(ctx)
    },
    async stop(): Promise<void> {
      stopping = true
      if (retryTimer !== null) clearTimeout(retryTimer)
      retryTimer = null
      const srv = server
      server = null
      transport?.destroyAll()
      transport = null
      if (srv !== null) await new Promise<void>((resolve) => srv.close(() => resolve()))
      report('down', 'stopped')
    },
  }
}

const CLOSE_REASONS: Readonly<Record<MllpCloseReason, string>> = {
  idle: 'idle',
  'frame-timeout': 'message not completed within frameTimeoutMs',
  'ack-not-read': 'peer not reading its acknowledgements',
  evicted: 'idle slot given to a new connection',
  pipelined: `more than ${MAX_PIPELINED} messages sent without waiting for acknowledgements`,
}

const duplicateError = { location: 'MSH^1^10', code: '205', text: 'duplicate message control id' }

const reusedIdError = {
  location: 'MSH^1^10',
  code: '205',
  text: 'message control id already used by this sender for a different message',
}

/** The sender's dedupe key: two systems feeding one gateway may each use control id 1001. */
function receiptKey(header: Hl7Header): string {
  return `${header.sendingApplication}\u0000${header.sendingFacility}\u0000${header.controlId}`
}

/** A digest of the whole message as sent: a true re-send is byte for byte the same. */
function digestOf(payload: Buffer): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 32)
}

function locationKey(pointOfCare: string, room: string, bed: string): string {
  return `${pointOfCare.toUpperCase()}^${room.toUpperCase()}^${bed.toUpperCase()}`
}
