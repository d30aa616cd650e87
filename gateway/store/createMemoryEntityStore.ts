import { TOPICS, type AnyEntity, type EntityOf, type Topic } from '../../shared/contracts/entities.ts'
import type { EntityStore } from './entityStore.ts'

/** The in-memory working state of one gateway process (restored from its change log at start). */
export function createMemoryEntityStore(): EntityStore {
  const maps = new Map<Topic, Map<string, AnyEntity>>(TOPICS.map((topic) => [topic, new Map()]))
  const seqs = new Map<Topic, number>(TOPICS.map((topic) => [topic, 0]))
  // The map per topic holds EntityOf[topic] by construction (put and load are the only writers),
  // which the type system cannot express for a Map keyed by topic; this helper holds the one cast.
  const mapOf = <T extends Topic>(topic: T): Map<string, EntityOf[T]> =>
    maps.get(topic) as Map<string, EntityOf[T]>
  return {
    get: (topic, id) => mapOf(topic).get(id),
    put: (topic, entity) => {
      const map = mapOf(topic)
      const previous = map.get(entity.id)
      map.set(entity.id, entity)
      return previous
    },
    remove: (topic, id) => {
      const map = mapOf(topic)
      const previous = map.get(id)
      if (previous !== undefined) map.delete(id)
      return previous
    },
    values: (topic) => mapOf(topic).values(),
    size: (topic) => mapOf(topic).size,
    seq: (topic) => seqs.get(topic) ?? 0,
    setSeq: (topic, seq) => {
      seqs.set(topic, seq)
    },
    load: (topic, entities, seq) => {
      const map = new Map<string, AnyEntity>()
      for (const entity of entities) map.set(entity.id, entity)
      maps.set(topic, map)
      seqs.set(topic, seq)
    },
  }
}
