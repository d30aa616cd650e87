/**
 * Replay in the Electron app: each window's hub port passes through its own `ReplaySwitch`
 * (shared/hub/ReplaySwitch.ts), so a window can replay the past while the others stay live, and
 * while it replays it still gets the live alarms (the banner; the sound is main's Notifier's and
 * only ever follows the live engine). The fan-out is unchanged: it posts to the wrapped port as to
 * any other; the switch decides what reaches the window.
 */
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import type { ReplayCommand, ReplayCommandResult } from '../../shared/contracts/replay.ts'
import type { ReplaySession } from '../../shared/hub/ReplaySession.ts'
import { ReplaySwitch, type LiveFeed } from '../../shared/hub/ReplaySwitch.ts'
import type { HubSource } from './hubFanout.ts'
import type { PortLike } from './portLike.ts'

export type ReplayPorts = {
  /** The port to hand the fan-out for window `windowKey` (its replay switch in between). */
  wrap(windowKey: number, port: PortLike): PortLike
  /** A window's replay command (from IPC, after the sender check). */
  command(windowKey: number, command: ReplayCommand): Promise<ReplayCommandResult>
  /** Windows replaying now. */
  replaying(): number[]
}

export function createReplayPorts(deps: {
  readonly source: Pick<HubSource, 'getSnapshot'>
  readonly createSession: () => ReplaySession
}): ReplayPorts {
  const switches = new Map<number, ReplaySwitch>()
  return {
    wrap(windowKey, port) {
      switches.get(windowKey)?.stop()
      let toSwitch: ((message: HubToWindowMessage) => void) | null = null
      const live: LiveFeed = {
        attach: (listener) => {
          toSwitch = listener
          return () => {
            toSwitch = null
          }
        },
        snapshot: () => deps.source.getSnapshot(),
      }
      const replaySwitch = new ReplaySwitch({ live, createSession: deps.createSession })
      const detach = replaySwitch.attach((message) => port.postMessage(message))
      switches.set(windowKey, replaySwitch)
      const forget = (): void => {
        detach()
        if (switches.get(windowKey) === replaySwitch) switches.delete(windowKey)
      }
      return {
        // What the fan-out posts is the live feed; the switch forwards it or keeps the past on screen.
        postMessage: (message) => toSwitch?.(message as HubToWindowMessage),
        onMessage: (listener) => port.onMessage(listener),
        onClose: (listener) =>
          port.onClose(() => {
            forget()
            listener()
          }),
        start: () => port.start(),
        close: () => {
          forget()
          port.close()
        },
      }
    },
    command: async (windowKey, command) => {
      const replaySwitch = switches.get(windowKey)
      if (replaySwitch === undefined) return { ok: false, error: 'This window is not connected to the hub' }
      return replaySwitch.command(command)
    },
    replaying: () => [...switches].filter(([, s]) => s.replaying).map(([key]) => key),
  }
}
