/**
 * The 48-hour rule of the default pack, on a fake clock: an NHS cyber alert issued now warns 12 h
 * before its acknowledgement is due, escalates at the deadline when nobody acknowledged the
 * warning, and raises a high "overdue" alarm once the deadline has passed; acknowledging the NHS
 * alert moves the deadline to the next update (3 days on), which clears both.
 */
import { describe, expect, it } from 'vitest'
import nhsDefaultRules from '../../../resources/alarm-rules/nhs-default.yaml?raw'
import type { ActiveAlarm } from '../../contracts/alarms.ts'
import { nhsAlertInputSchema } from '../../contracts/cyberResponse.ts'
import type { CyberAlert } from '../../contracts/entities.ts'
import { nhsAlertFromInput } from '../cyber/nhsAlertFromInput.ts'
import { respondToAlert } from '../cyber/respondToAlert.ts'
import { AlarmEngine } from './AlarmEngine.ts'
import { fingerprintOf } from './fingerprint.ts'
import { parseRulePackText } from './parseRulePackText.ts'
import { makeClock } from '../../../tests/support/alarmBuilders.ts'

const HOUR = 3_600_000

function setup() {
  const parsed = parseRulePackText(nhsDefaultRules)
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
  const clock = makeClock()
  const engine = new AlarmEngine({ pack: parsed.pack, now: clock.now })
  engine.setConnection('connected', clock.now())
  const issuedAt = clock.now()
  const alert = nhsAlertFromInput(
    nhsAlertInputSchema.parse({ reference: 'CC-4512', title: 'VPN appliance flaw exploited', issuedAt }),
    {
      source: 'nhs-cyber-alert',
      now: issuedAt,
      place: () => ({ deviceId: null, siteId: null, unitId: null }),
      current: undefined,
    },
  )
  const put = (a: CyberAlert): void =>
    engine.applyEntities('cyber', { reset: false, upserts: [a], removes: [] })
  put(alert)
  const at = (ms: number): void => {
    clock.set(issuedAt + ms)
    engine.tick()
  }
  const deadlineAlarms = (): ActiveAlarm[] =>
    engine.alarms().filter((a) => a.ruleId.startsWith('nhs-cyber-alert-'))
  return { engine, clock, alert, put, at, issuedAt, deadlineAlarms }
}

const DUE = fingerprintOf('nhs-cyber-alert-due', 'nhs-cc-4512')
const OVERDUE = fingerprintOf('nhs-cyber-alert-overdue', 'nhs-cc-4512')

describe('the NHS cyber alert 48-hour rule (default pack)', () => {
  it('is quiet until 12 h before the acknowledgement is due, then warns', () => {
    const { at, deadlineAlarms } = setup()
    at(35 * HOUR)
    expect(deadlineAlarms()).toEqual([])
    at(36 * HOUR)
    expect(deadlineAlarms()).toMatchObject([
      {
        fingerprint: DUE,
        priority: 'medium',
        state: 'unacknowledged',
        escalated: false,
        detail: 'CC-4512: acknowledgement due by 2026-01-07 09:00 UTC',
      },
    ])
  })

  it('escalates the unacknowledged warning at the deadline and raises a high overdue alarm after it', () => {
    const { at, deadlineAlarms } = setup()
    at(36 * HOUR)
    at(48 * HOUR - 1)
    expect(deadlineAlarms().map((a) => a.fingerprint)).toEqual([DUE])
    at(48 * HOUR)
    const alarms = deadlineAlarms()
    expect(alarms.find((a) => a.fingerprint === OVERDUE)).toMatchObject({
      priority: 'high',
      state: 'unacknowledged',
      detail: 'CC-4512: acknowledgement overdue since 2026-01-07 09:00 UTC',
    })
    expect(alarms.find((a) => a.fingerprint === DUE)).toMatchObject({ escalated: true, priority: 'high' })
  })

  it('acknowledging the NHS alert returns both to normal and waits for the next update, 3 days on', () => {
    const { at, put, alert, issuedAt, deadlineAlarms } = setup()
    at(49 * HOUR)
    expect(deadlineAlarms()).toHaveLength(2)
    const acked = respondToAlert(
      alert,
      { action: 'acknowledge', note: 'received, assessing' },
      { role: 'it', user: 'IT' },
      issuedAt + 49 * HOUR,
    )
    if (!acked.ok) throw new Error(acked.error)
    put(acked.alert)
    // The conditions cleared; the alarms wait (ISA-18.2 return to normal) for the operator.
    const active = (): string[] =>
      deadlineAlarms()
        .filter((a) => a.active)
        .map((a) => a.fingerprint)
    expect(active()).toEqual([])
    expect(deadlineAlarms().map((a) => a.state)).toEqual(['rtn-unacknowledged', 'rtn-unacknowledged'])
    // Next update due 72 h after the acknowledgement: warned 12 h before.
    at(49 * HOUR + 60 * HOUR - 1)
    expect(active()).toEqual([])
    at(49 * HOUR + 60 * HOUR)
    expect(deadlineAlarms().filter((a) => a.active)).toMatchObject([
      {
        fingerprint: DUE,
        state: 'unacknowledged',
        detail: 'CC-4512: update to NHS England due by 2026-01-10 10:00 UTC',
      },
    ])
  })

  it('a closed NHS alert raises nothing', () => {
    const { at, put, alert, issuedAt, deadlineAlarms } = setup()
    const it_ = { role: 'it', user: 'IT' } as const
    const a = respondToAlert(alert, { action: 'acknowledge', note: 'received' }, it_, issuedAt + HOUR)
    if (!a.ok) throw new Error(a.error)
    const closed = respondToAlert(
      a.alert,
      { action: 'resolve', note: 'not used here', applicability: 'not-applicable' },
      it_,
      issuedAt + 2 * HOUR,
    )
    if (!closed.ok) throw new Error(closed.error)
    put(closed.alert)
    at(30 * 24 * HOUR)
    expect(deadlineAlarms()).toEqual([])
  })
})
