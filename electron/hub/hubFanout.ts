/**
 * Sends the hub's replica to every window over its own MessagePort: a full snapshot when a window
 * attaches (first load or reload), then each of the hub's change messages as it comes. The hub
 * already coalesces (one flush per ~16 ms frame, `PendingChanges`), so a window never sees one
 * message per feed event (docs/architecture.md, habit 3) and the fan-out adds no second timer.
 */
import type { HubToWindowMessage, ReplicaChanges, ReplicaSnapshot } from '../../shared/contracts/hub.ts'
import type { Logger } from '../services/logger.ts'
import type { PortLike } from './portLike.ts'

/** What the fan-out needs from the hub core: its current state and its (coalesced) change stream. */
export type HubSource = {
  getSnapshot(): ReplicaSnapshot
  subscribe(listener: (changes: ReplicaChanges) => void): () => void
}

export type HubFanout = {
  /** Attaches a window's port (replacing that window's previous one) and sends it a snapshot. */
  attach(windowKey: number, port: PortLike): void
  /** Forgets a window (it closed) and closes its port. */
  detach(windowKey: number): void
  /** Number of attached windows. */
  size(): number
  stop(): void
}

export function createHubFanout(source: HubSource, log: Logger): HubFanout {
  const ports = new Map<number, PortLike>()

  const post = (key: number, port: PortLike, message: HubToWindowMessage): void => {
    try {
      port.postMessage(message)
    } catch (error) {
      // A port whose window vanished mid-post: drop it, the window re-attaches on reload.
      log.warn('hub port post failed; detaching', { window: key, error: (error as Error).name })
      detach(key, port)
    }
  }

  const detach = (key: number, port: PortLike): void => {
    if (ports.get(key) === port) ports.delete(key)
  }

  const unsubscribe = source.subscribe((changes: ReplicaChanges) => {
    const message: HubToWindowMessage = { type: 'changes', changes }
    for (const [key, port] of ports) post(key, port, message)
  })

  return {
    attach(windowKey, port) {
      const previous = ports.get(windowKey)
      if (previous !== undefined && previous !== port) previous.close()
      ports.set(windowKey, port)
      port.onClose(() => detach(windowKey, port))
      port.start()
      // The snapshot already reflects the hub's pending changes; re-applying them at its next flush
      // is harmless (upserts replace, removes of absent ids are no-ops).
      post(windowKey, port, { type: 'snapshot', state: source.getSnapshot() })
      log.info('window attached to hub', { window: windowKey, windows: ports.size })
    },
    detach(windowKey) {
      const port = ports.get(windowKey)
      if (port === undefined) return
      ports.delete(windowKey)
      port.close()
    },
    size: () => ports.size,
    stop() {
      unsubscribe()
      for (const port of ports.values()) port.close()
      ports.clear()
    },
  }
}
