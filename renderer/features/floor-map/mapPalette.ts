/**
 * Map colours. Okabe–Ito based so the common colour-vision deficiencies can still tell statuses
 * apart; every status is also drawn with a letter or shape, so colour is never the only cue.
 */
import type { BedStatus, CyberSeverity, DeviceStatus } from '../../../shared/contracts/entities.ts'

export type Rgba = [number, number, number, number]

export const BED_STATUS_COLOUR: Readonly<Record<BedStatus, Rgba>> = {
  unoccupied: [0, 158, 115, 255], // bluish green: a bed you can use
  occupied: [0, 114, 178, 255], // blue: the normal, calm state
  housekeeping: [240, 228, 66, 255], // yellow: waiting to be cleaned
  closed: [128, 128, 128, 255], // grey: out of use
  isolated: [204, 121, 167, 255], // reddish purple: infection control
  contaminated: [213, 94, 0, 255], // vermillion: needs a deep clean
  reserved: [86, 180, 233, 255], // sky blue: held for an incoming patient
  unknown: [60, 66, 74, 255], // dark slate: no message has said; never a colour of a known state
}

/** The letter drawn on each bed tile: the HL7 table 0116 code, R for reserved. */
export const BED_STATUS_LETTER: Readonly<Record<BedStatus, string>> = {
  unoccupied: 'U',
  occupied: 'O',
  housekeeping: 'H',
  closed: 'C',
  isolated: 'I',
  contaminated: 'K',
  reserved: 'R',
  unknown: '?',
}

export const DEVICE_STATUS_COLOUR: Readonly<Record<DeviceStatus, Rgba>> = {
  up: [0, 158, 115, 255],
  degraded: [230, 159, 0, 255],
  down: [213, 94, 0, 255],
  unknown: [150, 150, 150, 255],
}

export const DEVICE_STATUS_LETTER: Readonly<Record<DeviceStatus, string>> = {
  up: '',
  degraded: '!',
  down: 'X',
  unknown: '?',
}

export const SEVERITY_COLOUR: Readonly<Record<CyberSeverity, Rgba>> = {
  critical: [213, 94, 0, 255],
  high: [230, 159, 0, 255],
  medium: [240, 228, 66, 255],
  low: [86, 180, 233, 255],
  info: [150, 150, 150, 255],
}

/** Outage footprint: a translucent vermillion wash over the areas a down device serves. */
export const OUTAGE_FILL: Rgba = [213, 94, 0, 70]
export const OUTAGE_LINE: Rgba = [213, 94, 0, 230]

/** Everything drawn from a stale feed is washed out to this grey, so it never reads as live. */
export const STALE_COLOUR: Rgba = [110, 110, 110, 140]

export const SELECTION_COLOUR: Rgba = [255, 255, 255, 255]

/** Floor plan fills by unit kind (dark theme). */
export const UNIT_FILL: Readonly<Record<string, Rgba>> = {
  ward: [38, 44, 56, 255],
  department: [38, 44, 56, 255],
  bay: [48, 56, 70, 255],
  room: [52, 60, 76, 255],
  corridor: [30, 34, 42, 255],
  plant: [34, 34, 38, 255],
  office: [44, 48, 56, 255],
  other: [40, 44, 52, 255],
}
export const UNIT_LINE: Rgba = [120, 132, 150, 255]
export const OPENING_COLOUR: Rgba = [30, 34, 42, 255]
export const LABEL_COLOUR: Rgba = [225, 230, 238, 255]
