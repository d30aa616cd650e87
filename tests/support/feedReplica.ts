/**
 * A test's replica of the feed, kept the way a hub keeps one: snapshots replace a topic, resumed
 * and live batches apply in seq order, duplicates are skipped and a gap is an error (the test
 * failing, not a silent loss). Compare two replicas with `expectSameState`.
 */
import { expect } from 'vitest'
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import type { Batch, SubscribeAck } from '../../shared/contracts/feed.ts'
import type { RecordingClient } from './gatewayTestKit.ts'

type BatchLike = Pick<Batch, 'topic' | 'seq' | 'removes'> & { readonly upserts: readonly AnyEntity[] }

export class FeedReplica {
  readonly maps: Record<Topic, Map<string, AnyEntity>> = {
    beds: new Map(),
    assets: new Map(),
    network: new Map(),
    cyber: new Map(),
    waiting: new Map(),
  }
  readonly seqs: Record<Topic, number> = { beds: 0, assets: 0, network: 0, cyber: 0, waiting: 0 }
  /** How the last subscribe was answered, per topic. */
  readonly answeredBy: Partial<Record<Topic, 'snapshot' | 'resumed'>> = {}
  #cursor = 0

  /** Applies a subscribe acknowledgement (snapshots and resumed batches). */
  applyAck(ack: SubscribeAck): void {
    if (!ack.ok) throw new Error(`subscribe refused: ${ack.error}`)
    for (const snapshot of ack.snapshots) {
      const map = new Map<string, AnyEntity>()
      for (const entity of snapshot.entities as readonly AnyEntity[]) map.set(entity.id, entity)
      this.maps[snapshot.topic] = map
      this.seqs[snapshot.topic] = snapshot.seq
      this.answeredBy[snapshot.topic] = 'snapshot'
    }
    for (const resumed of ack.resumed ?? []) {
      this.answeredBy[resumed.topic] = 'resumed'
      for (const batch of resumed.batches) this.apply(batch)
    }
  }

  /** Applies one batch: an old seq is skipped, a gap throws. */
  apply(batch: BatchLike): void {
    const current = this.seqs[batch.topic]
    if (batch.seq <= current) return
    if (batch.seq !== current + 1) throw new Error(`gap in ${batch.topic}: had ${current}, got ${batch.seq}`)
    const map = this.maps[batch.topic]
    for (const entity of batch.upserts) map.set(entity.id, entity)
    for (const id of batch.removes) map.delete(id)
    this.seqs[batch.topic] = batch.seq
  }

  /** Applies the batches a client has received since the last drain. */
  drain(client: RecordingClient): void {
    for (; this.#cursor < client.batches.length; this.#cursor += 1) {
      const batch = client.batches[this.#cursor]
      if (batch !== undefined) this.apply(batch)
    }
  }

  /** Starts reading a new client's batches from its first. */
  follow(): void {
    this.#cursor = 0
  }

  /** A copy of one topic's entities, sorted by id (for comparisons). */
  entities(topic: Topic): AnyEntity[] {
    return [...this.maps[topic].values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }
}

/** The same entities and seqs in every topic. */
export function expectSameState(
  actual: FeedReplica,
  expected: FeedReplica,
  topics: readonly Topic[] = TOPICS,
): void {
  for (const topic of topics) {
    expect(actual.seqs[topic], `${topic} seq`).toBe(expected.seqs[topic])
    expect(actual.maps[topic].size, `${topic} entity count`).toBe(expected.maps[topic].size)
    expect(actual.entities(topic), `${topic} entities`).toEqual(expected.entities(topic))
  }
}
