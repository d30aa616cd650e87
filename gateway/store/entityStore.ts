/**
 * The entity store: the latest validated state of every entity, per topic, and each topic's
 * sequence number (the seq of the last batch flushed). Behind this interface so a cluster of
 * gateways can later keep it somewhere shared; the in-memory one is `createMemoryEntityStore`.
 */
import type { EntityOf, Topic } from '../../shared/contracts/entities.ts'

export type EntityStore = {
  get<T extends Topic>(topic: T, id: string): EntityOf[T] | undefined
  /** Stores a validated entity; returns the one it replaced. */
  put<T extends Topic>(topic: T, entity: EntityOf[T]): EntityOf[T] | undefined
  /** Removes an entity; returns it, or undefined when it was not there. */
  remove<T extends Topic>(topic: T, id: string): EntityOf[T] | undefined
  /** Every entity of a topic, in insertion order. */
  values<T extends Topic>(topic: T): IterableIterator<EntityOf[T]>
  size(topic: Topic): number
  /** The seq of the last batch flushed for the topic (0 before the first). */
  seq(topic: Topic): number
  /** Advances and returns the topic's seq; called once per flushed batch. */
  nextSeq(topic: Topic): number
}
