import type { Host } from './Host.ts'
import { createBrowserHost } from './createBrowserHost.ts'
import { createElectronHost } from './createElectronHost.ts'

/** The Electron host when the preload's bridge is there, the in-page hub otherwise. */
export async function createHost(): Promise<Host> {
  const bridge = window.watchfloor
  return bridge ? createElectronHost(bridge) : createBrowserHost()
}
