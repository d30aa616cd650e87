import { describe, expect, it } from 'vitest'
import { makeCyberAlert, T0 } from '../../tests/support/builders.ts'
import { higherSeverity, repeatOfAlert } from './cyberAlertRepeat.ts'

describe('repeatOfAlert', () => {
  it('counts the repeat, keeps the latest sighting, and raises the severity', () => {
    const existing = makeCyberAlert({ count: 3, lastSeen: T0, severity: 'medium' })
    expect(repeatOfAlert(existing, 'critical', T0 + 1000)).toEqual({
      count: 4,
      lastSeen: T0 + 1000,
      severity: 'critical',
    })
  })

  it('never lowers the severity or moves the last sighting back for a late event', () => {
    const existing = makeCyberAlert({ count: 1, lastSeen: T0, severity: 'high' })
    expect(repeatOfAlert(existing, 'low', T0 - 5000)).toEqual({ count: 2, lastSeen: T0, severity: 'high' })
    expect(higherSeverity('info', 'low')).toBe('low')
  })
})
