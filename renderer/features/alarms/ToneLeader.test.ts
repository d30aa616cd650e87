import { describe, expect, it } from 'vitest'
import { ToneLeader, type LeaderChannel, type LeaderMessage } from './ToneLeader.ts'

/** Tabs of one browser profile: every message reaches every other tab, in order. */
function bus() {
  const listeners = new Set<(m: LeaderMessage) => void>()
  let t = 0
  const channel = (): LeaderChannel => {
    const own = new Set<(m: LeaderMessage) => void>()
    return {
      post: (m) => {
        for (const l of [...listeners]) if (!own.has(l)) l(m)
      },
      onMessage: (l) => {
        own.add(l)
        listeners.add(l)
        return () => {
          listeners.delete(l)
          own.delete(l)
        }
      },
      close: () => undefined,
    }
  }
  const now = (): number => t
  const advance = (ms: number, tabs: readonly ToneLeader[]): void => {
    for (let step = 0; step < ms; step += 500) {
      t += 500
      for (const tab of tabs) tab.tick()
    }
  }
  return { channel, now, advance }
}

const tab = (b: ReturnType<typeof bus>, id: string): ToneLeader => {
  const leader = new ToneLeader({ id, channel: b.channel(), now: b.now })
  leader.start()
  return leader
}
const leaders = (tabs: readonly ToneLeader[]): number => tabs.filter((t) => t.isLeader).length

describe('ToneLeader (one tone per browser profile)', () => {
  it('makes a lone tab the leader after its opening grace', () => {
    const b = bus()
    const a = tab(b, 'a')
    expect(a.isLeader).toBe(false)
    b.advance(1_500, [a])
    expect(a.isLeader).toBe(true)
  })

  it('never gives a tab opened later a second tone', () => {
    const b = bus()
    const a = tab(b, 'b-first')
    b.advance(2_000, [a])
    const late = tab(b, 'a-later')
    for (let i = 0; i < 20; i++) {
      b.advance(500, [a, late])
      expect([a.isLeader, late.isLeader]).toEqual([true, false])
    }
  })

  it('settles two tabs opened together on exactly one leader', () => {
    const b = bus()
    const tabs = [tab(b, 'x'), tab(b, 'y'), tab(b, 'z')]
    b.advance(5_000, tabs)
    expect(leaders(tabs)).toBe(1)
  })

  it('hands over at once when the leader’s tab closes, and within the timeout when it dies silently', () => {
    const b = bus()
    const first = tab(b, 'a')
    b.advance(2_000, [first])
    const second = tab(b, 'b')
    const third = tab(b, 'c')
    b.advance(2_000, [first, second, third])
    first.stop()
    b.advance(500, [second, third])
    expect(leaders([second, third])).toBe(1)

    // The new leader's tab freezes (no ticks, no resign): another takes over within the timeout.
    const [alive] = [second, third].filter((t) => !t.isLeader)
    if (alive === undefined) throw new Error('expected a follower')
    b.advance(4_000, [alive])
    expect(alive.isLeader).toBe(true)
  })

  it('makes a leader whose timers were throttled step down when it hears the newer term', () => {
    const b = bus()
    const old = tab(b, 'a')
    b.advance(2_000, [old])
    const other = tab(b, 'b')
    // The old leader's tab is hidden and throttled: it does not tick for 10 s.
    b.advance(10_000, [other])
    expect(other.isLeader).toBe(true)
    old.tick()
    expect([old.isLeader, other.isLeader]).toEqual([false, true])
  })
})
