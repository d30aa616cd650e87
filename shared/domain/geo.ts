/**
 * Conversion between WGS84 (IMDF floor plans) and a level's local metre frame (x east, y north).
 *
 * An equirectangular projection about the level's origin: over a hospital site (< 2 km) its error
 * is well under a centimetre, far below the accuracy of any floor plan or RTLS fix.
 */

const EARTH_RADIUS_M = 6_371_008.8
const DEG = Math.PI / 180

/** A WGS84 position, [longitude, latitude]. */
export type LonLat = readonly [number, number]
/** A local position in metres, [x east, y north]. */
export type LocalPoint = readonly [number, number]

/** Converts a WGS84 position to metres east and north of `origin`. */
export function toLocalMetres(point: LonLat, origin: LonLat): [number, number] {
  const x = (point[0] - origin[0]) * DEG * EARTH_RADIUS_M * Math.cos(origin[1] * DEG)
  const y = (point[1] - origin[1]) * DEG * EARTH_RADIUS_M
  return [x, y]
}

/** Converts metres east and north of `origin` back to a WGS84 position. */
export function toLonLat(point: LocalPoint, origin: LonLat): [number, number] {
  const lon = origin[0] + point[0] / (DEG * EARTH_RADIUS_M * Math.cos(origin[1] * DEG))
  const lat = origin[1] + point[1] / (DEG * EARTH_RADIUS_M)
  return [lon, lat]
}
