import type { ComponentType } from 'react'
import type { Topic } from '../../shared/contracts/entities.ts'
import type { ThemeName } from '../state/types.ts'
import type { PanelConfig } from './boardSchema.ts'

/** What every panel component receives. It reads its data from the store itself. */
export type PanelProps = {
  readonly panel: PanelConfig
  readonly theme: ThemeName
}

/** A registered panel kind. */
export type PanelDefinition = {
  readonly component: ComponentType<PanelProps>
  /**
   * The feeds the panel draws. The frame shows their age and marks the whole panel STALE when
   * any is stale. Omit it for panels that show their own freshness.
   */
  readonly topics?: readonly Topic[] | ((panel: PanelConfig) => readonly Topic[])
}
