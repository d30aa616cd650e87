import type { ConnectionState } from '../../../shared/contracts/hub.ts'

/**
 * What the banner says instead of an all-clear when the alarms cannot be known: the engine runs on
 * the hub's replica, so while the hub is not connected — or has not yet restored the gateway's
 * state — an empty list is not news (docs/architecture.md: an unknown alarm state is never shown as an
 * all-clear). Null when the alarms are known.
 */
export function alarmsUnknown(connection: ConnectionState, received: boolean): string | null {
  if (connection.status !== 'connected') return 'Alarms unknown — not connected'
  if (!received) return 'Alarms unknown — restoring'
  return null
}
