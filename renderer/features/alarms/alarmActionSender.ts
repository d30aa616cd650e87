/**
 * The way alarm panels send acknowledge/shelve: panels receive no host, so the banner (which the
 * frame gives the host, and which is on every board) registers the host's `alarmAction` here.
 */
import type { AlarmActionRequest, AlarmActionResponse } from '../../../shared/contracts/feed.ts'

type Sender = (request: AlarmActionRequest) => Promise<AlarmActionResponse>

let sender: Sender | null = null

export function registerAlarmActionSender(next: Sender | null): void {
  sender = next
}

export function sendAlarmAction(request: AlarmActionRequest): Promise<AlarmActionResponse> {
  if (sender === null) return Promise.resolve({ ok: false, error: 'Not connected to the app yet' })
  return sender(request)
}
