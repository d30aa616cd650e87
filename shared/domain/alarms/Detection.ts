/**
 * What an entity or aggregate detector reports: one subject's condition, since when, and its words.
 * Its own module so a detector in its own file (detectNhsCyberDeadline) and entityDetectors, which
 * dispatches to it, both use it without importing each other in a cycle.
 */
import type { AlarmPriority, AlarmSubject } from '../../contracts/alarms.ts'
import type { CyberSeverity } from '../../contracts/entities.ts'

/** A condition that holds for one subject. */
export type Detection = {
  readonly subject: AlarmSubject
  /**
   * When the condition began, from the entity's own timestamps where it has one; `null` means
   * "from when the engine first saw it".
   */
  readonly since: number | null
  readonly detail: string
  readonly priority: AlarmPriority
  /** A cyber alert's own severity: shown in a labelled chip, never run into the detail text. */
  readonly alertSeverity?: CyberSeverity
}
