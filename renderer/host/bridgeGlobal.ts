import type { WatchfloorBridge } from '../../shared/contracts/ipc.ts'

declare global {
  interface Window {
    /** The Electron preload's bridge; undefined in the browser host. */
    readonly watchfloor?: WatchfloorBridge
  }
}
