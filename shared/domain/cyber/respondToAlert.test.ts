import { describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../contracts/entities.ts'
import { makeCyberAlert, T0 } from '../../../tests/support/builders.ts'
import { mayRecordNhsAlert, mayRespondToCyberAlert } from './cyberPermissions.ts'
import { nhsAlertFromInput } from './nhsAlertFromInput.ts'
import { NHS_ACK_WITHIN_MS, NHS_UPDATE_EVERY_MS, nhsDeadline } from './nhsDeadlines.ts'
import { mayTake, respondToAlert, type AlertResponseStep } from './respondToAlert.ts'
import { nhsAlertInputSchema } from '../../contracts/cyberResponse.ts'

const it_ = { role: 'it', user: 'On-call IT' } as const
const MIN = 60_000

function step(alert: CyberAlert, s: AlertResponseStep, at = T0 + MIN, actor = it_): CyberAlert {
  const result = respondToAlert(alert, s, actor, at)
  if (!result.ok) throw new Error(result.error)
  return result.alert
}

const nhsAlert = (): CyberAlert =>
  nhsAlertFromInput(
    nhsAlertInputSchema.parse({ reference: 'CC-4512', title: 'Critical VPN vulnerability', issuedAt: T0 }),
    {
      source: 'nhs-cyber-alert',
      now: T0,
      place: () => ({ deviceId: null, siteId: null, unitId: null }),
      current: undefined,
    },
  )

describe('respondToAlert: status transitions', () => {
  it('acknowledges a new alert, recording who, when and why, then investigates and resolves it', () => {
    const acked = step(makeCyberAlert(), { action: 'acknowledge', note: 'seen, calling SOC' })
    expect(acked.status).toBe('acknowledged')
    expect(acked.ack).toEqual({ by: 'On-call IT', at: T0 + MIN, note: 'seen, calling SOC' })
    const investigating = step(acked, { action: 'investigate', note: 'isolating host' }, T0 + 5 * MIN)
    expect(investigating.status).toBe('investigating')
    // The first acknowledgement stays: the mean time to acknowledge is measured to it.
    expect(investigating.ack?.at).toBe(T0 + MIN)
    const resolved = step(investigating, { action: 'resolve', note: 'reimaged' }, T0 + 60 * MIN)
    expect(resolved.status).toBe('resolved')
    expect(resolved.updates?.map((u) => [u.action, u.status, u.by])).toEqual([
      ['acknowledge', 'acknowledged', 'On-call IT'],
      ['investigate', 'investigating', 'On-call IT'],
      ['resolve', 'resolved', 'On-call IT'],
    ])
  })

  it('investigating a new alert acknowledges it as well', () => {
    const alert = step(makeCyberAlert(), { action: 'investigate', note: 'on it' })
    expect(alert.status).toBe('investigating')
    expect(alert.ack?.by).toBe('On-call IT')
  })

  it('an update keeps the status and adds the note', () => {
    const acked = step(makeCyberAlert(), { action: 'acknowledge', note: 'seen' })
    const updated = step(acked, { action: 'update', note: 'vendor patch due Friday' }, T0 + 2 * MIN)
    expect(updated.status).toBe('acknowledged')
    expect(updated.updates?.at(-1)).toMatchObject({ action: 'update', note: 'vendor patch due Friday' })
  })

  it.each([
    ['resolve', 'new', 'acknowledge the alert before resolving it'],
    ['update', 'new', 'acknowledge the alert before giving an update'],
    ['investigate', 'investigating', 'already being investigated'],
    [
      'acknowledge',
      'resolved',
      'the alert is resolved and cannot be acknowledged; a recurrence arrives as a new alert',
    ],
    [
      'resolve',
      'resolved',
      'the alert is resolved and cannot be resolved again; a recurrence arrives as a new alert',
    ],
  ] as const)('refuses %s on a %s alert with a clear error', (action, status, error) => {
    const alert = makeCyberAlert({ status, ack: status === 'new' ? null : { by: 'x', at: T0, note: 'n' } })
    expect(respondToAlert(alert, { action, note: 'n' }, it_, T0 + MIN)).toEqual({ ok: false, error })
    expect(mayTake(alert, action, 'it')).toBe(false)
  })

  it('refuses a second acknowledgement, naming the first', () => {
    const acked = step(makeCyberAlert(), { action: 'acknowledge', note: 'seen' })
    expect(respondToAlert(acked, { action: 'acknowledge', note: 'me too' }, it_, T0 + 2 * MIN)).toEqual({
      ok: false,
      error: `already acknowledged by On-call IT at ${new Date(T0 + MIN).toISOString().slice(11, 16)} UTC`,
    })
  })

  it('refuses owner or applicability on an alert that is not an NHS cyber alert', () => {
    expect(
      respondToAlert(makeCyberAlert(), { action: 'acknowledge', note: 'n', owner: 'Sam' }, it_, T0),
    ).toEqual({ ok: false, error: 'owner and applicability are recorded only on NHS cyber alerts' })
  })
})

describe('cyber alert roles', () => {
  it('a viewer may do nothing, an operator only acknowledge, IT and admin everything', () => {
    const actions = ['acknowledge', 'investigate', 'update', 'resolve'] as const
    expect(actions.map((a) => mayRespondToCyberAlert('viewer', a))).toEqual([false, false, false, false])
    expect(actions.map((a) => mayRespondToCyberAlert('operator', a))).toEqual([true, false, false, false])
    expect(actions.map((a) => mayRespondToCyberAlert('it', a))).toEqual([true, true, true, true])
    expect(actions.map((a) => mayRespondToCyberAlert('admin', a))).toEqual([true, true, true, true])
    expect([mayRecordNhsAlert('operator'), mayRecordNhsAlert('it')]).toEqual([false, true])
  })

  it('refuses an action the role may not take, whatever the alert', () => {
    const op = { role: 'operator', user: 'Wall operator' } as const
    expect(respondToAlert(makeCyberAlert(), { action: 'investigate', note: 'n' }, op, T0)).toEqual({
      ok: false,
      error: 'role operator may not investigate alerts',
    })
    expect(respondToAlert(makeCyberAlert(), { action: 'acknowledge', note: 'n' }, op, T0).ok).toBe(true)
    const viewer = { role: 'viewer', user: 'Wall' } as const
    expect(respondToAlert(makeCyberAlert(), { action: 'acknowledge', note: 'n' }, viewer, T0)).toEqual({
      ok: false,
      error: 'role viewer may not acknowledge alerts',
    })
  })
})

describe('NHS cyber alerts', () => {
  it('are due for acknowledgement 48 h after issue, then an update every 3 days until closed', () => {
    const alert = nhsAlert()
    expect(nhsDeadline(alert)).toEqual({ kind: 'acknowledge', dueAt: T0 + NHS_ACK_WITHIN_MS })
    const acked = step(alert, { action: 'acknowledge', note: 'received' }, T0 + 10 * MIN)
    expect(acked.nhs?.owner).toBe('On-call IT')
    expect(nhsDeadline(acked)).toEqual({ kind: 'update', dueAt: T0 + 10 * MIN + NHS_UPDATE_EVERY_MS })
    const assessed = step(
      acked,
      { action: 'update', note: 'applies: 2 VPN concentrators', applicability: 'applicable' },
      T0 + 60 * MIN,
    )
    expect(assessed.nhs?.applicability).toBe('applicable')
    expect(nhsDeadline(assessed)?.dueAt).toBe(T0 + 60 * MIN + NHS_UPDATE_EVERY_MS)
    const closed = step(assessed, { action: 'resolve', note: 'patched' }, T0 + 120 * MIN)
    expect(nhsDeadline(closed)).toBeNull()
    expect(closed.nhs?.nextUpdateDueAt).toBeNull()
  })

  it('cannot be closed before its applicability is recorded', () => {
    const acked = step(nhsAlert(), { action: 'acknowledge', note: 'received' })
    expect(respondToAlert(acked, { action: 'resolve', note: 'done' }, it_, T0 + 2 * MIN)).toEqual({
      ok: false,
      error: 'record whether the NHS cyber alert applies before closing it',
    })
    const closed = respondToAlert(
      acked,
      { action: 'resolve', note: 'n/a here', applicability: 'not-applicable' },
      it_,
      T0 + 2 * MIN,
    )
    expect(closed.ok && closed.alert.nhs?.applicability).toBe('not-applicable')
  })

  it('below high severity carry no national deadline', () => {
    const info = nhsAlertFromInput(
      nhsAlertInputSchema.parse({ reference: 'CC-1', title: 'Advisory', severity: 'info', issuedAt: T0 }),
      {
        source: 's',
        now: T0,
        place: () => ({ deviceId: null, siteId: null, unitId: null }),
        current: undefined,
      },
    )
    expect(nhsDeadline(info)).toBeNull()
  })
})
