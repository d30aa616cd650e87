/**
 * Gives a window a fresh MessagePort to the hub: one end to the fan-out, the other posted to the
 * window's preload, which hands it to the page (tech.md §1, "Fanning data out…").
 */
import { MessageChannelMain, webContents } from 'electron'
import type { MessagePortMain } from 'electron'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import type { PortLike } from '../hub/portLike.ts'

/** A `PortLike` over `MessagePortMain`, whose listeners receive `{ data, ports }`. */
export function messagePortMainLike(port: MessagePortMain): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data))
    },
    onClose: (listener) => {
      port.on('close', listener)
    },
    start: () => port.start(),
    close: () => port.close(),
  }
}

/** Creates the channel, posts one end to the window; returns the hub's end, or null if the window is gone. */
export function openHubPort(webContentsId: number): PortLike | null {
  const contents = webContents.fromId(webContentsId)
  if (contents === undefined || contents.isDestroyed()) return null
  const { port1, port2 } = new MessageChannelMain()
  contents.postMessage(IpcChannel.hubPort, null, [port2])
  return messagePortMainLike(port1)
}
