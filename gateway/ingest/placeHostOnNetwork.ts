/**
 * Where a host named in an NHS cyber alert is: the network device of that name or management
 * address (case-insensitive), with its site and the first unit it serves, so the alert lands on
 * the map where the device is. Unknown hosts are kept, unplaced.
 */
import type { NetworkDevice } from '../../shared/contracts/entities.ts'
import type { HostPlacement } from '../../shared/domain/cyber/nhsAlertFromInput.ts'

export function placeHostOnNetwork(
  devices: Iterable<NetworkDevice>,
  host: string,
): ReturnType<HostPlacement> {
  const wanted = host.trim().toLowerCase()
  for (const device of devices) {
    if (device.name.toLowerCase() === wanted || device.address?.toLowerCase() === wanted) {
      return { deviceId: device.id, siteId: device.siteId, unitId: device.servesUnitIds[0] ?? null }
    }
  }
  return { deviceId: null, siteId: null, unitId: null }
}
