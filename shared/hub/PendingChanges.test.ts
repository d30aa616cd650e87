import { describe, expect, it } from 'vitest'
import { PendingChanges } from './PendingChanges.ts'
import { makeBed } from './testing/FakeFeedSocket.ts'

describe('PendingChanges', () => {
  it('sends each change once: a taken change is not sent again at the next flush', () => {
    const pending = new PendingChanges()
    pending.setAlarmConditions([{ fingerprint: 'kpi:beds.opel', since: 1 }])
    pending.setAlarmActions([])
    expect(pending.take()).toEqual({
      alarmConditions: [{ fingerprint: 'kpi:beds.opel', since: 1 }],
      alarmActions: [],
    })
    expect(pending.isEmpty).toBe(true)
    pending.setSources([])
    expect(pending.take()).toEqual({ sources: [] })
  })

  it('folds an upsert then a remove of the same entity into a remove', () => {
    const pending = new PendingChanges()
    pending.upsert('beds', makeBed({ id: 'b0' }))
    pending.remove('beds', 'b0')
    const taken = pending.take()
    expect(taken.entities?.beds).toEqual({ reset: false, upserts: [], removes: ['b0'] })
  })
})
