import type {
  AlarmActionRequest,
  AlarmActionResponse,
  AlertAckRequest,
  AlertAckResponse,
} from '../../shared/contracts/feed.ts'

/** What the hub offers for operator actions (null while it has no gateway connection). */
export type HubActions = {
  alertAck(request: AlertAckRequest): Promise<AlertAckResponse>
  alarmAction(request: AlarmActionRequest): Promise<AlarmActionResponse>
}
