import { describe, expect, it } from 'vitest'
import { makeAsset, makeBed, makeDevice } from '../../tests/support/builders.ts'
import { entityChanges, eventTimes, probeHubMessages } from './flushProbe.ts'

describe('flushProbe (bench:idle’s view of each hub message)', () => {
  it('reads each event’s own time from the source, leaving out state carried from long ago', () => {
    const now = 1_800_000_000_000
    const times = eventTimes(
      {
        type: 'changes',
        changes: {
          entities: {
            assets: {
              reset: false,
              upserts: [
                makeAsset({ id: 'moved', lastSeen: now - 80 }),
                makeAsset({ id: 'silent', lastSeen: now - 3_600_000 }),
              ],
              removes: [],
            },
            beds: { reset: false, upserts: [makeBed({ id: 'b', updatedAt: now - 40 })], removes: [] },
            network: {
              reset: false,
              upserts: [makeDevice({ id: 'd', lastPolledAt: now - 10 })],
              removes: [],
            },
          },
        },
      },
      now,
    )
    expect(times.sort()).toEqual([now - 80, now - 40, now - 10].sort())
  })

  it('counts the entity changes a message delivers, every topic, upserts and removes (what per 1,000 events divides by)', () => {
    expect(
      entityChanges({
        type: 'changes',
        changes: {
          entities: {
            assets: {
              reset: false,
              upserts: [makeAsset({ id: 'a1' }), makeAsset({ id: 'a2' })],
              removes: ['a3'],
            },
            beds: { reset: false, upserts: [makeBed({ id: 'b' })], removes: [] },
            cyber: { reset: false, upserts: [], removes: ['c1', 'c2'] },
          },
        },
      }),
    ).toBe(6)
    expect(entityChanges({ type: 'changes', changes: { topics: {} } })).toBe(0)
  })

  it('is the apply itself unless the bench enabled it', () => {
    const apply = (): void => undefined
    expect(probeHubMessages(apply)).toBe(apply)
  })
})
