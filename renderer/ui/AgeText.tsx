import { useSyncExternalStore, type ReactElement } from 'react'
import { formatAge } from './formatAge.ts'
import { sharedClock, type SharedClock } from './sharedClock.ts'

/**
 * The age of something in words ("4 s", "3 min"), kept current by the shared clock. A leaf: it
 * re-renders only itself, and only when its text changes (once a second under a minute, once a
 * minute after), so the panel around it never re-renders for the clock.
 */
export function AgeText({
  since,
  clock = sharedClock,
}: {
  /** When the thing happened (epoch ms). */
  readonly since: number
  readonly clock?: SharedClock
}): ReactElement {
  const text = useSyncExternalStore(clock.subscribe, () => formatAge(clock.now() - since))
  return <>{text}</>
}
