import type { ReactElement } from 'react'
import type { Topic } from '../../shared/contracts/entities.ts'
import type { Freshness } from '../../shared/domain/freshness.ts'
import { useFreshnessWords, useTopicsFreshness, type TopicFreshnessView } from '../state/useTopicFreshness.ts'
import type { ThemeName } from '../state/types.ts'
import { PanelMessage } from '../ui/PanelMessage.tsx'
import { StaleBadge } from '../ui/StaleBadge.tsx'
import type { PanelConfig } from '../board/boardSchema.ts'
import { PanelErrorBoundary } from './PanelErrorBoundary.tsx'
import { panelRegistry } from './panelRegistry.ts'
import type { PanelDefinition } from '../board/panelTypes.ts'

const RANK: Readonly<Record<Freshness, number>> = { stale: 0, replay: 1, restored: 1, unknown: 2, live: 3 }

/** The worst freshness among a panel's topics, with the oldest confirmation. */
type Shown = {
  freshness: Freshness
  confirmedAt: number | null
  restored: TopicFreshnessView['restored']
}

/** Older first: never confirmed counts as the newest, as an age of 0 did. */
const older = (a: number | null, b: number | null): boolean => a !== null && (b === null || a < b)

function worst(views: readonly TopicFreshnessView[]): Shown | null {
  let result: Shown | null = null
  for (const view of views) {
    if (
      !result ||
      RANK[view.freshness] < RANK[result.freshness] ||
      (view.freshness === result.freshness && older(view.confirmedAt, result.confirmedAt))
    ) {
      result = { freshness: view.freshness, confirmedAt: view.confirmedAt, restored: view.restored }
    }
  }
  return result
}

function PanelFreshness({ topics }: { readonly topics: readonly Topic[] }): ReactElement | null {
  const shown = worst(useTopicsFreshness(topics))
  if (!shown) return null
  return <StaleBadge freshness={shown.freshness} confirmedAt={shown.confirmedAt} restored={shown.restored} />
}

function topicsOf(definition: PanelDefinition | undefined, panel: PanelConfig): readonly Topic[] {
  if (!definition?.topics) return []
  return typeof definition.topics === 'function' ? definition.topics(panel) : definition.topics
}

function StalenessMark({ topics }: { readonly topics: readonly Topic[] }): ReactElement | null {
  // The words only: the veil re-renders when a feed's word changes, not on every batch.
  const words = useFreshnessWords(topics).split(',')
  // Restored data is not confirmed either: the same veil, so it never looks live from across the room.
  return words.includes('stale') || words.includes('restored') ? (
    <div className="panel-stale-veil" aria-hidden="true" />
  ) : null
}

/** A panel's cell: title, the age of its data, its content inside its own error boundary. */
export function PanelFrame({
  panel,
  theme,
}: {
  readonly panel: PanelConfig
  readonly theme: ThemeName
}): ReactElement {
  const definition = panelRegistry[panel.kind]
  const topics = topicsOf(definition, panel)
  const Content = definition?.component
  return (
    <section
      className="panel"
      data-panel={panel.id}
      data-kind={panel.kind}
      style={{ gridColumn: `${panel.x + 1} / span ${panel.w}`, gridRow: `${panel.y + 1} / span ${panel.h}` }}
      aria-label={panel.title}
    >
      <header className="panel-header">
        <h2 className="panel-title">{panel.title}</h2>
        <PanelFreshness topics={topics} />
      </header>
      <div className="panel-body">
        <PanelErrorBoundary panelId={panel.id}>
          {Content ? (
            <Content panel={panel} theme={theme} />
          ) : (
            <PanelMessage>Panel kind “{panel.kind}” is not available in this version.</PanelMessage>
          )}
        </PanelErrorBoundary>
        <StalenessMark topics={topics} />
      </div>
    </section>
  )
}
