/**
 * Folds two consecutive `ReplicaChanges` into one, so the hub can post at most one message per
 * frame however many batches arrived. Applying the result equals applying `a` then `b`.
 */
import { TOPICS } from '../../shared/contracts/entities.ts'
import type { Topic } from '../../shared/contracts/entities.ts'
import type { ReplicaChanges } from '../../shared/contracts/hub.ts'

type EntityChange = NonNullable<NonNullable<ReplicaChanges['entities']>[Topic]>
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

export function mergeChanges(a: ReplicaChanges, b: ReplicaChanges): ReplicaChanges {
  const out: Mutable<ReplicaChanges> = { ...a }
  if ('hello' in b) out.hello = b.hello
  if ('siteModel' in b) out.siteModel = b.siteModel
  if (b.connection !== undefined) out.connection = b.connection
  if (b.sources !== undefined) out.sources = b.sources
  if (b.alarms !== undefined) out.alarms = b.alarms
  if (b.alarmActions !== undefined) out.alarmActions = b.alarmActions
  if (b.trusts !== undefined) out.trusts = b.trusts
  if (b.topics !== undefined) out.topics = { ...a.topics, ...b.topics }
  if (b.entities !== undefined) {
    const entities: Record<string, EntityChange> = { ...a.entities }
    for (const topic of TOPICS) {
      const next = b.entities[topic]
      if (next === undefined) continue
      const prev = a.entities?.[topic]
      entities[topic] = prev === undefined || next.reset ? next : mergeEntityChange(prev, next)
    }
    out.entities = entities as ReplicaChanges['entities']
  }
  return out
}

function mergeEntityChange(prev: EntityChange, next: EntityChange): EntityChange {
  const upserts = new Map<string, EntityChange['upserts'][number]>()
  for (const e of prev.upserts) upserts.set(e.id, e)
  const removes = new Set(prev.removes)
  for (const id of next.removes) {
    upserts.delete(id)
    removes.add(id)
  }
  for (const e of next.upserts) {
    upserts.set(e.id, e)
    // An upsert after a remove re-creates the entity; when `prev` was a reset the remove was
    // never needed, and otherwise the upsert alone replaces it.
    removes.delete(e.id)
  }
  return { reset: prev.reset, upserts: [...upserts.values()], removes: [...removes] } as EntityChange
}
