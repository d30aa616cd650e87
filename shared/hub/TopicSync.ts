import type { Topic } from '../contracts/entities.ts'
import {
  FeedEvent,
  batchSchema,
  resyncEventSchema,
  subscribeAckSchema,
  type BatchEnvelope,
} from '../contracts/feed.ts'
import type { FeedSocketPort } from './FeedSocketPort.ts'
import { errorName, type HubDiagnostics } from './HubDiagnostics.ts'
import type { HubConnection } from './HubConnection.ts'
import type { HubReplica } from './HubReplica.ts'
import type { RetryTimers } from './RetryTimers.ts'

/** How long to wait for a subscribe acknowledgement before trying again. */
const SUBSCRIBE_TIMEOUT_MS = 15_000

type SubscribeReason = 'initial' | 'reconnect' | 'gap'

export type TopicSyncOptions = {
  readonly socket: FeedSocketPort
  readonly replica: HubReplica
  readonly connection: HubConnection
  readonly diagnostics: HubDiagnostics
  readonly retries: RetryTimers
  readonly topics: readonly Topic[]
}

/**
 * Keeps the replica's topics in step with the gateway: subscribes on connect, applies batches in
 * seq order, resumes from the gateway's change log after a reconnect when it can, and resyncs
 * (a fresh snapshot) on a sequence gap, an unrecovered reconnect or the gateway's request.
 */
export class TopicSync {
  private readonly options: TopicSyncOptions
  /** Incremented on every connect and disconnect, so late answers from an old connection are ignored. */
  private generationCount = 0
  private subscribing = false
  private subscribeAgain: SubscribeReason | null = null
  /** Batches that arrive while a subscribe is in flight, applied after its snapshots. */
  private queued: BatchEnvelope[] = []
  /** The change log the replica's seqs come from (hello.log.id when its snapshots were applied). */
  private replicaLog: string | null = null

  constructor(options: TopicSyncOptions) {
    this.options = options
  }

  get generation(): number {
    return this.generationCount
  }

  /** A new connection: a recovered session replayed every missed batch; anything else may have lost some. */
  connected(recovered: boolean): void {
    this.generationCount += 1
    if (!recovered) this.start(this.options.replica.hasLoadedTopics ? 'reconnect' : 'initial')
  }

  /** Answers still in flight belong to the lost connection; the next connect starts afresh. */
  disconnected(): void {
    this.generationCount += 1
    this.subscribing = false
    this.subscribeAgain = null
    this.queued = []
  }

  handleBatch(payload: unknown): void {
    const parsed = batchSchema.safeParse(payload)
    if (!parsed.success) {
      // Its seq is unknown; if it mattered, the next batch's seq shows the gap and we resync.
      this.options.diagnostics.reject('batch', parsed.error)
      return
    }
    if (this.subscribing) {
      this.queued.push(parsed.data)
      return
    }
    this.applyBatch(parsed.data)
  }

  /** The gateway dropped us as a slow consumer: no batches come until we resubscribe. */
  handleResyncRequest(payload: unknown): void {
    const { diagnostics } = this.options
    const parsed = resyncEventSchema.safeParse(payload)
    if (!parsed.success) diagnostics.reject('resync', parsed.error)
    diagnostics.logger.warn('gateway asked for a resync', {
      reason: parsed.success ? parsed.data.reason : null,
    })
    this.start('gap')
  }

  private start(reason: SubscribeReason): void {
    this.options.diagnostics.detach('subscribe', this.subscribe(reason))
  }

  private async subscribe(reason: SubscribeReason): Promise<void> {
    if (this.subscribing) {
      this.subscribeAgain = reason
      return
    }
    const { socket, replica, diagnostics, retries, topics } = this.options
    this.subscribing = true
    this.queued = []
    const generation = this.generationCount
    let raw: unknown
    // After a reconnect, ask for what we missed rather than everything: the gateway answers from
    // its change log when it still has every batch since our seqs (the same log, even restarted).
    const since =
      reason !== 'initial' && this.replicaLog !== null && replica.hasLoadedTopics
        ? { log: this.replicaLog, seqs: replica.loadedSeqs() }
        : undefined
    try {
      raw = await socket.request(
        FeedEvent.subscribe,
        since === undefined ? { topics: [...topics] } : { topics: [...topics], since },
        SUBSCRIBE_TIMEOUT_MS,
      )
    } catch (error) {
      if (generation !== this.generationCount) return
      this.subscribing = false
      diagnostics.logger.warn('subscribe failed', { reason, error: errorName(error) })
      retries.later('subscribe', () => this.start(reason))
      return
    }
    if (generation !== this.generationCount) return
    this.subscribing = false
    const ack = subscribeAckSchema.safeParse(raw)
    if (!ack.success) {
      diagnostics.reject('subscribe ack', ack.error)
      retries.later('subscribe', () => this.start(reason))
      return
    }
    if (!ack.data.ok) {
      // The gateway refused the request itself; retrying the same request cannot help.
      diagnostics.logger.error('subscribe refused', { reason })
      this.options.connection.explain(`The gateway refused the subscription: ${ack.data.error}`)
      return
    }
    const logId = replica.helloMessage?.log?.id ?? null
    for (const snapshot of ack.data.snapshots) {
      const resynced = replica.isLoaded(snapshot.topic) && reason !== 'initial'
      if (resynced) diagnostics.count('resyncs')
      replica.applySnapshot(snapshot.topic, snapshot.seq, snapshot.entities, resynced)
      diagnostics.logger.info('snapshot applied', {
        topic: snapshot.topic,
        seq: snapshot.seq,
        entities: snapshot.entities.length,
        reason,
      })
    }
    if (ack.data.snapshots.length > 0) this.replicaLog = logId
    for (const resumed of ack.data.resumed ?? []) this.applyResumed(resumed.topic, resumed.batches)
    const queued = this.queued
    this.queued = []
    for (const batch of queued) {
      // A gap found while draining starts another subscribe: keep the rest for after it.
      if (this.subscribing) this.queued.push(batch)
      else this.applyBatch(batch)
    }
    const again = this.subscribeAgain
    this.subscribeAgain = null
    if (again) this.start(again)
  }

  /** The batches the gateway's log had since our seq: applied as if they had arrived live. */
  private applyResumed(topic: Topic, batches: readonly BatchEnvelope[]): void {
    const { replica, diagnostics } = this.options
    if (!replica.isLoaded(topic)) return
    diagnostics.count('resumes')
    diagnostics.logger.info('resumed from the change log', {
      topic,
      from: replica.topicState(topic).seq,
      batches: batches.length,
    })
    for (const batch of batches) {
      // A gap inside the answer starts a full subscribe (see applyBatch); the rest waits for it.
      if (this.subscribing) return
      this.applyBatch(batch)
    }
    if (batches.length === 0) replica.confirm(topic)
  }

  private applyBatch(batch: BatchEnvelope): void {
    const { replica, diagnostics } = this.options
    const expected = replica.topicState(batch.topic).seq + 1
    const outcome = replica.applyBatch(batch)
    if (outcome === 'duplicate') diagnostics.count('duplicateBatches')
    if (outcome !== 'gap') return
    diagnostics.count('gaps')
    diagnostics.logger.warn('sequence gap, resyncing', { topic: batch.topic, expected, got: batch.seq })
    this.start('gap')
  }
}
