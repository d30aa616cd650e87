/**
 * Whether this tab plays the browser host's alarm tone: one tab per browser profile leads
 * (ToneLeader.ts, over a BroadcastChannel). Where the browser has no BroadcastChannel the tab
 * leads alone — a second tone is better than none.
 */
import { useSyncExternalStore } from 'react'
import { ToneLeader, type LeaderChannel, type LeaderMessage } from './ToneLeader.ts'

const CHANNEL = 'watchfloor.alarm-tone'

let leader: ToneLeader | null = null
const listeners = new Set<() => void>()

function broadcastChannel(): LeaderChannel | null {
  if (typeof BroadcastChannel !== 'function') return null
  const channel = new BroadcastChannel(CHANNEL)
  return {
    post: (message) => channel.postMessage(message),
    onMessage: (listener) => {
      const handler = (event: MessageEvent<LeaderMessage>): void => listener(event.data)
      channel.addEventListener('message', handler)
      return () => channel.removeEventListener('message', handler)
    },
    close: () => channel.close(),
  }
}

function ensureLeader(): ToneLeader | null {
  if (leader !== null) return leader
  const channel = broadcastChannel()
  if (channel === null) return null
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  leader = new ToneLeader({
    id,
    channel,
    now: () => Date.now(),
    onChange: () => {
      for (const listener of listeners) listener()
    },
  })
  leader.start()
  const current = leader
  setInterval(() => current.tick(), current.heartbeatMs)
  globalThis.addEventListener?.('pagehide', () => current.stop())
  return leader
}

/** True when this tab plays the tone (always, without BroadcastChannel). Starts the election on first use. */
export function useToneLeadership(enabled: boolean): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (!enabled) return () => undefined
      ensureLeader()
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
    () => (enabled ? (ensureLeader()?.isLeader ?? true) : false),
  )
}
