/**
 * The seam between a source adapter (HL7 v2/MLLP, MQTT, SNMP, syslog/CEF, webhook, the demo
 * trust) and the gateway core. Adapters never import each other, and never touch the entity store
 * or the sockets: they emit operations to their sink, and the gateway validates every operation
 * against the shared contracts before anything reaches the store (rejected ones are counted per
 * source, logged with a reason, and never broadcast; the rest of the batch carries on).
 */
import type { EntityOf, SourceKind, SourceStatus, Topic } from '../../shared/contracts/entities.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { Receipt } from '../store/changeLog.ts'
import type { KeyedHash } from '../security/createKeyedHash.ts'
import type { Logger } from '../log/Logger.ts'

/** One change proposed by a source. `unknown` payloads are validated by the gateway. */
export type SourceOp =
  | { readonly topic: Topic; readonly op: 'upsert'; readonly entity: unknown }
  /** Merge `changes` into the current entity (which must exist); the result is validated whole. */
  | { readonly topic: Topic; readonly op: 'patch'; readonly id: string; readonly changes: unknown }
  | { readonly topic: Topic; readonly op: 'remove'; readonly id: string }

/** Why a listening source refused a connection: its overall limit, or the limit per peer address. */
export type ConnectionRefusalReason = 'limit' | 'peer-limit'

/** What an adapter may do with the gateway. */
export type AdapterSink = {
  /**
   * Proposes operations, applied in order. Returns how many were accepted; each rejected one is
   * counted and logged by the gateway with its reason.
   */
  emit(ops: readonly SourceOp[]): { accepted: number; rejected: number }
  /** Reports that the source rejected input before it became an operation (a parse error). */
  reject(reason: string): void
  /** Reports a transport or peer error (connection refused, timeout). */
  error(reason: string): void
  /**
   * Reports a peer connection the source refused by its own limits (too many connections in all,
   * or from one address): counted as an error and in `watchfloor_source_connections_refused_total`.
   */
  connectionRefused(reason: ConnectionRefusalReason): void
  /** Sets the source's health, shown to every client in `sources`. */
  status(status: SourceStatus, detail: string | null): void
  /** The current state of an entity, for adapters that patch (e.g. HL7 ADT changing one bed). */
  current<T extends Topic>(topic: T, id: string): EntityOf[T] | undefined
  /**
   * Every current entity of a topic (the working state), for a source whose message replaces a
   * whole set (a PTL extract). Collect what you need before emitting: emitting changes the set.
   */
  entities<T extends Topic>(topic: T): IterableIterator<EntityOf[T]>
  /**
   * Reports that the source delivered and its topics' state is confirmed although nothing changed
   * (a PTL extract identical to the last): the source's last-message time moves on and its topics
   * are no longer only RESTORED. Writes nothing to the log.
   */
  confirmed(): void
  /**
   * Resolves once everything this gateway accepted so far (this source's changes and receipts
   * among it) is in the durable change log — the moment a source may acknowledge (MLLP ACK,
   * webhook 2xx, MQTT PUBACK). Rejects when the log cannot be written: do not acknowledge then;
   * the change is held and retried, and the sender's re-send finds its receipt.
   */
  durable(): Promise<void>
  /** This source's receipt for a dedupe key, if one was recorded (durable or about to be). */
  receipt(key: string): Promise<SourceReceipt | undefined>
  /** Records how a message was answered, in the same commit as the changes it caused. */
  recordReceipt(receipt: SourceReceipt): void
}

/** What a source answered a message with; the gateway adds the source's id. */
export type SourceReceipt = Omit<Receipt, 'source'>

export type AdapterContext = {
  readonly sink: AdapterSink
  readonly siteModel: SiteModel
  /** Injected clock (epoch ms), so tests and the simulator control time. */
  readonly now: () => number
  readonly log: Logger
  /**
   * HMAC-SHA256 under the install secret: for ids derived from what some roles may not see (a cyber
   * alert's host) and for tagging identifiers in logs (an HL7 control id) without writing them.
   */
  readonly keyedHash: KeyedHash
}

export type SourceAdapter = {
  readonly id: string
  readonly kind: SourceKind
  readonly topics: readonly Topic[]
  /** Starts listening or polling. Resolves once started; a dead peer is a status, not a rejection. */
  start(context: AdapterContext): Promise<void>
  /** Stops and releases every socket and timer. */
  stop(): Promise<void>
}
