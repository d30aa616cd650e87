import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import type { EntityOf, SourceHealth, Topic } from '../../shared/contracts/entities.ts'
import type { AlarmActionRecord, Hello } from '../../shared/contracts/feed.ts'
import type { ConnectionState, TopicState } from '../../shared/contracts/hub.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { EntityTable } from '../../shared/util/EntityTable.ts'

/**
 * The window's entities: one versioned table per topic (a `ReadonlyMap` — read with `.get`,
 * iterate `.values()`); a new reference whenever a topic changes. See shared/util/EntityTable.ts.
 */
export type EntityTables = { readonly [T in Topic]: EntityTable<EntityOf[T]> }

/** What the hub replicates into this window. */
export type ReplicaState = {
  /** False until the host's first snapshot arrives: nothing on screen is live before that. */
  readonly received: boolean
  readonly hello: Hello | null
  readonly siteModel: SiteModel | null
  readonly connection: ConnectionState
  readonly topics: Readonly<Record<Topic, TopicState>>
  readonly entities: EntityTables
  readonly sources: readonly SourceHealth[]
  readonly alarms: readonly ActiveAlarm[]
  readonly alarmActions: readonly AlarmActionRecord[]
}

/** What is selected, highlighted across the map and the tables. */
export type Selection = {
  readonly kind: 'bed' | 'asset' | 'device' | 'cyber-alert'
  readonly id: string
} | null

export const THEMES = ['wall', 'desktop'] as const
export type ThemeName = (typeof THEMES)[number]

/** UI state of this window. */
export type UiState = {
  readonly selection: Selection
  /** The board this window shows. */
  readonly boardId: string
  readonly theme: ThemeName
}
