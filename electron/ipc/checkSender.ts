/**
 * Electron security checklist item 17: every IPC handler checks who is calling. Only the top-level
 * frame of one of our windows, loaded from the app:// origin, may call; an iframe, a page that
 * somehow navigated elsewhere, or a destroyed frame is refused.
 */
import { APP_ORIGIN } from '../../shared/contracts/ipc.ts'

/** The parts of Electron's `IpcMainInvokeEvent` the check reads. */
export type IpcSenderEvent = {
  readonly sender: { readonly id: number }
  /** `null` when the frame navigated away or was destroyed before the call was handled. */
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

export type SenderCheck =
  | { readonly ok: true; readonly webContentsId: number }
  | { readonly ok: false; readonly reason: 'no-frame' | 'not-top-level' | 'bad-url' | 'wrong-origin' }

/** Whether `event` comes from a trusted frame. Origins are compared parsed, never by prefix. */
export function checkSender(event: IpcSenderEvent, allowedOrigin: string = APP_ORIGIN): SenderCheck {
  const frame = event.senderFrame
  if (frame === null) return { ok: false, reason: 'no-frame' }
  if (frame.parent !== null) return { ok: false, reason: 'not-top-level' }
  const origin = schemeAndHost(frame.url)
  if (origin === null) return { ok: false, reason: 'bad-url' }
  if (origin !== schemeAndHost(allowedOrigin)) return { ok: false, reason: 'wrong-origin' }
  return { ok: true, webContentsId: event.sender.id }
}

/**
 * `protocol//host` of a URL, or null if it does not parse. Not `URL.origin`: Node's URL parser
 * (which main uses) gives the opaque origin "null" for every non-special scheme such as app://,
 * so comparing `.origin` would accept any app:// host — or none.
 */
function schemeAndHost(url: string): string | null {
  if (!URL.canParse(url)) return null
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}`
}
