/**
 * Bed status vocabulary: HL7 v2 table 0116 plus `reserved`.
 * https://terminology.hl7.org/CodeSystem-v2-0116.html
 */
import type { BedStatus } from '../contracts/entities.ts'
import { assertNever } from '../util/assertNever.ts'

/** HL7 table 0116 code → our status. `reserved` has no HL7 code. */
export const HL7_BED_STATUS: Readonly<Record<string, BedStatus>> = {
  C: 'closed',
  H: 'housekeeping',
  I: 'isolated',
  K: 'contaminated',
  O: 'occupied',
  U: 'unoccupied',
}

/** Our status → HL7 table 0116 code, null for `reserved`. */
export function hl7CodeOf(status: BedStatus): string | null {
  switch (status) {
    case 'closed':
      return 'C'
    case 'housekeeping':
      return 'H'
    case 'isolated':
      return 'I'
    case 'contaminated':
      return 'K'
    case 'occupied':
      return 'O'
    case 'unoccupied':
      return 'U'
    case 'reserved':
    case 'unknown':
      return null
    default:
      return assertNever(status, 'bed status')
  }
}

/** Labels a clinician reads on a legend or a tile. */
export const BED_STATUS_LABEL: Readonly<Record<BedStatus, string>> = {
  occupied: 'Occupied',
  unoccupied: 'Available',
  housekeeping: 'Cleaning',
  closed: 'Closed',
  isolated: 'Isolated',
  contaminated: 'Contaminated',
  reserved: 'Reserved',
  unknown: 'Unknown',
}

/** Whether a bed in this status can take a patient now. */
export function isAvailable(status: BedStatus): boolean {
  return status === 'unoccupied'
}
