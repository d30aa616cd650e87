import { describe, expect, it } from 'vitest'
import { makeCyberAlert, T0 } from '../../../tests/support/builders.ts'
import { mergeSourceAlert } from './mergeSourceAlert.ts'
import { respondToAlert } from './respondToAlert.ts'

const it_ = { role: 'it', user: 'On-call IT' } as const

describe('mergeSourceAlert', () => {
  const investigating = (() => {
    const r = respondToAlert(makeCyberAlert(), { action: 'investigate', note: 'on it' }, it_, T0 + 1000)
    if (!r.ok) throw new Error(r.error)
    return r.alert
  })()

  it('keeps the response when the source re-sends the alert as new', () => {
    const resent = makeCyberAlert({ count: 2, lastSeen: T0 + 5000 })
    const kept = mergeSourceAlert(investigating, resent)
    expect(kept).toMatchObject({ status: 'investigating', count: 2, lastSeen: T0 + 5000 })
    expect(kept.ack?.by).toBe('On-call IT')
    expect(kept.updates).toHaveLength(1)
  })

  it('takes the source closing the alert', () => {
    expect(mergeSourceAlert(investigating, makeCyberAlert({ status: 'resolved' })).status).toBe('resolved')
  })

  it('a new occurrence after resolution starts with no response', () => {
    const r = respondToAlert(investigating, { action: 'resolve', note: 'fixed' }, it_, T0 + 2000)
    if (!r.ok) throw new Error(r.error)
    const recurrence = makeCyberAlert({ firstSeen: T0 + 9000, lastSeen: T0 + 9000 })
    expect(mergeSourceAlert(r.alert, recurrence)).toBe(recurrence)
  })

  it('passes a first sighting through unchanged', () => {
    const first = makeCyberAlert()
    expect(mergeSourceAlert(undefined, first)).toBe(first)
  })
})
