import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import type { EntityOf, SourceHealth, Topic } from '../../shared/contracts/entities.ts'
import type { AlarmActionRecord, Hello } from '../../shared/contracts/feed.ts'
import type { ConnectionState, TopicState, TrustReplicaState } from '../../shared/contracts/hub.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { ReplayStatus } from '../../shared/contracts/replay.ts'
import type { EntityTable } from '../../shared/util/EntityTable.ts'
import type { DrillDownRequest } from '../../shared/domain/kpis/drillDownRequest.ts'

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
  /**
   * A collaborative's trusts, each with its own connection and freshness (docs/collaborative.md);
   * empty for a single gateway. Entity and place ids are then scoped `<key>/<id>`.
   */
  readonly trusts: readonly TrustReplicaState[]
  /**
   * Non-null while this window replays the past (docs/replay.md): the replica above is then the
   * log's state at `replay.at`. The band shows it; panels read the replica as they always do.
   */
  readonly replay: ReplayStatus | null
  /** While replaying, the live alarms (banner, sound, the rotation's jump); null when live. */
  readonly liveAlarms: readonly ActiveAlarm[] | null
}

/** What is selected, highlighted across the map and the tables. */
export type Selection = {
  readonly kind: 'bed' | 'asset' | 'device' | 'cyber-alert'
  readonly id: string
} | null

export const THEMES = ['wall', 'desktop'] as const
export type ThemeName = (typeof THEMES)[number]

/**
 * The desktop's colours: follow the operating system (`prefers-color-scheme`), or light or dark
 * whatever it says. A wall is always dark (read from across a dim room).
 */
export const COLOR_SCHEMES = ['system', 'light', 'dark'] as const
export type ColorScheme = (typeof COLOR_SCHEMES)[number]

/** A place in local metres on a level: [minX, minY, maxX, maxY]. */
export type LevelArea = readonly [number, number, number, number]

/**
 * A request to show a place on the map: an alarm's "Show", a level picked on the trust overview.
 * UI intent as state (not a window event): the maps on screen act on it while it is `pending` and
 * settle it; a map mounted later (the board switched to show it) acts on a request still pending.
 */
export type MapFocus = {
  /** Rises with every request, so asking for the same place twice still moves the map. */
  readonly seq: number
  /** True until a map has acted on it. */
  readonly pending: boolean
  readonly levelId: string
  /** The area to frame; null frames the whole level. */
  readonly area: LevelArea | null
  /** Why the map is there, shown on it ("*** HIGH Network device down — …"); null for a plain pick. */
  readonly reason: string | null
  /** The alarm that asked, when one did. */
  readonly fingerprint: string | null
}

/**
 * A request for the rows behind a KPI tile or a census cell (desktop): UI intent as state, so the
 * KPIs ask and the tables answer without importing each other or sharing a window event. The app
 * shell's drill-down host shows it until it is closed.
 */
export type DrillDownIntent = {
  /** Rises with every request, so asking for the same rows again opens a fresh dialog. */
  readonly seq: number
  readonly request: DrillDownRequest
}

/** UI state of this window. */
export type UiState = {
  readonly selection: Selection
  /** The board this window shows. */
  readonly boardId: string
  readonly theme: ThemeName
  /** The desktop's colour scheme choice (ignored on a wall). */
  readonly colorScheme: ColorScheme
  /** The last request to show a place on the map; null until someone asks. */
  readonly mapFocus: MapFocus | null
  /** The drill-down shown, or null when none is open. */
  readonly drillDown: DrillDownIntent | null
}
