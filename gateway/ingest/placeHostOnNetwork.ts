/**
 * Where a host named in an NHS cyber alert is (hand entry or webhook alike): the network device of that name or management
 * address (case-insensitive), with its site and the first unit it serves, so the alert lands on
 * the map where the device is. Unknown hosts are kept, unplaced.
 */
import type { CyberAlert, NetworkDevice, NhsAffectedHost } from '../../shared/contracts/entities.ts'
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

/**
 * An NHS cyber alert with each affected host a source could not place put on the network device
 * of that name or address, and the alert itself where its first placed host is. The same alert
 * when there is nothing to add (so a re-send changes nothing it need not).
 */
export function placeNhsAlert(alert: CyberAlert, devices: () => Iterable<NetworkDevice>): CyberAlert {
  const nhs = alert.nhs
  if (nhs === undefined) return alert
  const unplaced = (a: NhsAffectedHost): boolean =>
    a.deviceId === null && a.siteId === null && a.unitId === null
  if (!nhs.affected.some((a) => a.host !== null && unplaced(a))) return alert
  const affected = nhs.affected.map((a) =>
    a.host !== null && unplaced(a) ? { ...a, ...placeHostOnNetwork(devices(), a.host) } : a,
  )
  const placed = affected.find((a) => !unplaced(a))
  const alertUnplaced = alert.deviceId === null && alert.siteId === null && alert.unitId === null
  return {
    ...alert,
    ...(alertUnplaced && placed !== undefined
      ? { deviceId: placed.deviceId, siteId: placed.siteId, unitId: placed.unitId }
      : {}),
    nhs: { ...nhs, affected },
  }
}
