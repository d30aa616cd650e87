import { TOPICS, type AnyEntity, type EntityOf, type Topic } from '../../shared/contracts/entities.ts'
import type { EntityStore } from './entityStore.ts'

/** The in-memory entity store of one gateway process. */
export function createMemoryEntityStore(): EntityStore {
  const maps = new Map<Topic, Map<string, AnyEntity>>(TOPICS.map((topic) => [topic, new Map()]))
  const seqs = new Map<Topic, number>(TOPICS.map((topic) => [topic, 0]))
  // The map per topic holds EntityOf[topic] by construction (put is the only writer), which the
  // type system cannot express for a Map keyed by topic; these two helpers hold the one cast.
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
    nextSeq: (topic) => {
      const next = (seqs.get(topic) ?? 0) + 1
      seqs.set(topic, next)
      return next
    },
  }
}
