/**
 * How the cyber panels reach the host: the two host calls they make, given by the app frame.
 * A context rather than a module global, so a panel rendered without one (a test, a board preview)
 * says "not connected" instead of failing. (When the renderer's `useHost()` lands, this is it.)
 */
import { createContext, useContext } from 'react'
import type { Host } from '../../host/Host.ts'

export type CyberActions = Pick<Host, 'respondToAlert' | 'recordNhsAlert'>

const notConnected = { ok: false as const, error: 'Not connected to the app yet' }

const NO_ACTIONS: CyberActions = {
  respondToAlert: () => Promise.resolve(notConnected),
  recordNhsAlert: () => Promise.resolve(notConnected),
}

export const CyberActionsContext = createContext<CyberActions>(NO_ACTIONS)

export function useCyberActions(): CyberActions {
  return useContext(CyberActionsContext)
}
