import { useRef, type ReactElement } from 'react'
import type { Topic } from '../../shared/contracts/entities.ts'
import { TopicsAge, useConfirmedTitle } from '../state/TopicsAge.tsx'
import { topicsViewsOf, useFreshnessWords, worstFreshness } from '../state/useTopicFreshness.ts'
import { useWatchfloorShallow } from '../state/watchfloorStore.ts'
import type { ThemeName } from '../state/types.ts'
import { PanelMessage } from '../ui/PanelMessage.tsx'
import { StaleBadge } from '../ui/StaleBadge.tsx'
import type { PanelConfig } from '../board/boardSchema.ts'
import { PanelErrorBoundary } from './PanelErrorBoundary.tsx'
import { panelRegistry } from './panelRegistry.ts'
import type { PanelDefinition } from '../board/panelTypes.ts'

/**
 * The panel's badge: the worst freshness among its topics and that one's age. It re-renders when a
 * word changes (or the restore); a batch confirming a feed changes only the age's leaf (`TopicsAge`).
 */
function PanelFreshness({ topics }: { readonly topics: readonly Topic[] }): ReactElement | null {
  // Subscribed to the words: a batch of one of these feeds re-renders nothing here.
  const words = useFreshnessWords(topics)
  const ref = useRef<HTMLSpanElement>(null)
  useConfirmedTitle(ref, topics, undefined, words)
  const shown = useWatchfloorShallow((s) => {
    const worst = worstFreshness(topicsViewsOf(topics, s, Date.now()))
    return worst === null
      ? null
      : { freshness: worst.freshness, confirmed: worst.confirmedAt !== null, restored: worst.restored }
  })
  if (!shown) return null
  return (
    <StaleBadge
      freshness={shown.freshness}
      // Only whether there is an age to show: the leaf reads the age itself.
      confirmedAt={shown.confirmed ? 0 : null}
      age={<TopicsAge topics={topics} />}
      title={null}
      badgeRef={ref}
      restored={shown.restored}
    />
  )
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
