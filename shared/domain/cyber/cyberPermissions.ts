/**
 * What a role may do with cyber alerts — one rule for the gateway (which refuses) and the screen
 * (which shows only the controls that would work). Acknowledging says "seen, IT is on it", which a
 * command-centre operator may say; investigating, updating and resolving are the on-call IT
 * team's (the `it` and `admin` roles), as is recording an NHS England cyber alert.
 */
import type { AlertResponseAction } from '../../contracts/entities.ts'
import type { Role } from '../../contracts/feed.ts'

/** Whether `role` may take `action` on a cyber alert. */
export function mayRespondToCyberAlert(role: Role, action: AlertResponseAction): boolean {
  switch (role) {
    case 'viewer':
      return false
    case 'operator':
      return action === 'acknowledge'
    case 'it':
    case 'admin':
      return true
  }
}

/** Whether `role` may record an NHS England cyber alert by hand. */
export function mayRecordNhsAlert(role: Role): boolean {
  return role === 'it' || role === 'admin'
}
