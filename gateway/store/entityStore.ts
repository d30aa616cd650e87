/**
 * The entity store: the working state of every entity, per topic — the projection of the change
 * log plus the changes accepted since its last commit — and each topic's seq (the position of the
 * last committed batch in the log). The committer advances the seq; only it writes the log.
 */
import type { AnyEntity, EntityOf, Topic } from '../../shared/contracts/entities.ts'

export type EntityStore = {
  get<T extends Topic>(topic: T, id: string): EntityOf[T] | undefined
  /** Stores a validated entity; returns the one it replaced. */
  put<T extends Topic>(topic: T, entity: EntityOf[T]): EntityOf[T] | undefined
  /** Removes an entity; returns it, or undefined when it was not there. */
  remove<T extends Topic>(topic: T, id: string): EntityOf[T] | undefined
  /** Every entity of a topic, in insertion order. */
  values<T extends Topic>(topic: T): IterableIterator<EntityOf[T]>
  size(topic: Topic): number
  /** The seq of the last committed batch of the topic (0 before the first). */
  seq(topic: Topic): number
  /** Records that the topic's batch `seq` is durable. */
  setSeq(topic: Topic, seq: number): void
  /** Replaces a topic's state with one restored from the log (at start, before any source runs). */
  load(topic: Topic, entities: Iterable<AnyEntity>, seq: number): void
}
