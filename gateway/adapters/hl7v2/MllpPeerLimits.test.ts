import { describe, expect, it } from 'vitest'
import { MllpPeerLimits, peerAddressOf } from './MllpPeerLimits.ts'

const options = { maxConnections: 4, maxConnectionsPerPeer: 2, evictableAfterMs: 60_000 }

describe('MllpPeerLimits', () => {
  it('refuses a peer past its own limit while others still get in', () => {
    const limits = new MllpPeerLimits(options)
    expect(limits.admit('10.0.0.9', 0).ok).toBe(true)
    expect(limits.admit('10.0.0.9', 0).ok).toBe(true)
    expect(limits.admit('10.0.0.9', 0)).toEqual({ ok: false, reason: 'peer-limit' })
    expect(limits.admit('10.0.0.1', 0).ok).toBe(true)
    expect(limits.countOf('10.0.0.9')).toBe(2)
  })

  it("gives a full house's longest-idle slot, from the busiest peer, to a newcomer; never a busy or recent one", () => {
    const limits = new MllpPeerLimits(options)
    const a1 = limits.admit('a', 0)
    const a2 = limits.admit('a', 10)
    const b1 = limits.admit('b', 5)
    const c1 = limits.admit('c', 0)
    if (!a1.ok || !a2.ok || !b1.ok || !c1.ok) throw new Error('admit failed')
    // Everyone joined recently: nobody may be evicted, the newcomer is refused.
    expect(limits.admit('pas', 30_000)).toEqual({ ok: false, reason: 'limit' })
    // 'c' is the oldest idle, but 'a' holds two slots: a1 goes first.
    const first = limits.admit('pas', 70_000)
    expect(first.ok && first.evict).toBe(a1.slot)
    // A slot in the middle of a frame is never taken.
    a2.slot.busy = true
    c1.slot.idleSince = 69_000
    const second = limits.admit('pas2', 70_000)
    expect(second.ok && second.evict).toBe(b1.slot)
    expect(limits.size).toBe(4)
  })

  it('releases a slot once, however often it is released', () => {
    const limits = new MllpPeerLimits(options)
    const a = limits.admit('a', 0)
    if (!a.ok) throw new Error('admit failed')
    limits.release(a.slot)
    limits.release(a.slot)
    expect(limits.size).toBe(0)
    expect(limits.countOf('a')).toBe(0)
  })
})

describe('peerAddressOf', () => {
  it('counts an IPv4-mapped IPv6 peer as its IPv4 address', () => {
    expect(peerAddressOf('::ffff:10.20.7.13')).toBe('10.20.7.13')
    expect(peerAddressOf('FE80::1')).toBe('fe80::1')
    expect(peerAddressOf(undefined)).toBe('unknown')
  })
})
