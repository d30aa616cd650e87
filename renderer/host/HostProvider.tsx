/**
 * The one sanctioned way for features to reach the host: the app puts the window's `Host` in a
 * React context at the root, and any component reads it with `useHost()`. No module globals, no
 * window events, no feature branching on which host it runs in — what differs between hosts is
 * said once, here, as capabilities (`useHostCapabilities()`).
 */
import { createContext, useContext, type ReactElement, type ReactNode } from 'react'
import type { Host } from './Host.ts'

/** What differs between hosts, as features need to know it (never `host.kind` in a feature). */
export type HostCapabilities = {
  /**
   * The page is the app instance and decides for itself which tab plays the alarm tone (the
   * browser host); otherwise main's notifier picks one window and says so with `onPlaySound`.
   */
  readonly pagePlaysTone: boolean
  /** A board named when the window opened (a browser's `?board=`) is a screen that shows one board. */
  readonly namedBoardIsFixed: boolean
}

/** The capabilities of a host: the only place outside host/ factories that reads `kind`. */
export function capabilitiesOf(host: Pick<Host, 'kind'>): HostCapabilities {
  const browser = host.kind === 'browser'
  return { pagePlaysTone: browser, namedBoardIsFixed: browser }
}

type HostValue = { readonly host: Host; readonly capabilities: HostCapabilities }

const HostContextValue = createContext<HostValue | null>(null)

/** Puts the window's host in context for everything below it (the app's root; a bench page). */
export function HostProvider({
  host,
  children,
}: {
  readonly host: Host
  readonly children: ReactNode
}): ReactElement {
  // One value per host: consumers re-render only if the host itself is replaced.
  const value = valueFor(host)
  return <HostContextValue.Provider value={value}>{children}</HostContextValue.Provider>
}

const values = new WeakMap<Host, HostValue>()
function valueFor(host: Host): HostValue {
  let value = values.get(host)
  if (!value) {
    value = { host, capabilities: capabilitiesOf(host) }
    values.set(host, value)
  }
  return value
}

function useHostValueFromContext(): HostValue {
  const value = useContext(HostContextValue)
  // A component using the host outside the provider is a wiring bug: say which, loudly.
  if (!value)
    throw new Error('useHost() outside <HostProvider>: the app root (or a test) must provide the host')
  return value
}

/** The window's host: its whole interface (connect, alarm actions, floor plans, bridge calls). */
export function useHost(): Host {
  return useHostValueFromContext().host
}

/** What differs between hosts, for a feature that must behave differently. */
export function useHostCapabilities(): HostCapabilities {
  return useHostValueFromContext().capabilities
}
