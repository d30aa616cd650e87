import type {
  AlarmActionRequest,
  AlarmActionResponse,
  AlertAckRequest,
  AlertAckResponse,
} from '../../shared/contracts/feed.ts'
import type {
  AlertRespondRequest,
  AlertRespondResponse,
  NhsAlertRecordRequest,
  NhsAlertRecordResponse,
} from '../../shared/contracts/cyberResponse.ts'

/** What the hub offers for operator actions (null while it has no gateway connection). */
export type HubActions = {
  alertAck(request: AlertAckRequest): Promise<AlertAckResponse>
  alarmAction(request: AlarmActionRequest): Promise<AlarmActionResponse>
  alertRespond(request: AlertRespondRequest): Promise<AlertRespondResponse>
  nhsAlertRecord(request: NhsAlertRecordRequest): Promise<NhsAlertRecordResponse>
}
