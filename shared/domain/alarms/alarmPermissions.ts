/**
 * What a role may do with local alarms — one rule for the gateway (which refuses) and the screen
 * (which shows only the controls that would work), so a viewer never meets a button that fails.
 */
import type { Role } from '../../contracts/feed.ts'

/** Acknowledge, shelve and unshelve alarms, and pause the alarm tone: every role but a viewer. */
export function mayActOnAlarms(role: Role): boolean {
  return role !== 'viewer'
}
