import type { ReactElement, ReactNode } from 'react'

/** A calm message in place of a panel's content: no data yet, nothing to show, an error. */
export function PanelMessage({
  tone = 'neutral',
  children,
}: {
  readonly tone?: 'neutral' | 'critical'
  readonly children: ReactNode
}): ReactElement {
  return <div className={`panel-message tone-${tone}`}>{children}</div>
}
