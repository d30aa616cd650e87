import { describe, expect, it } from 'vitest'
import type { HubToWindowMessage } from '../../shared/contracts/hub.ts'
import { makeDevice } from '../../tests/support/fakeFeedSocket.ts'
import { T0, fakePort, setupReplayPorts as setup, snapshot } from '../../tests/support/replayPortsFixture.ts'

const ids = (message: HubToWindowMessage | undefined): string[] =>
  message?.type === 'snapshot' ? message.state.entities.network.map((d) => d.id) : []

describe('replay in Electron main (per window, between the fan-out and the port)', () => {
  it('replays one window while another stays live, and brings it back to live', async () => {
    const { ports, scheduler } = setup()
    const one = fakePort()
    const two = fakePort()
    const wrappedOne = ports.wrap(1, one)
    const wrappedTwo = ports.wrap(2, two)
    // The fan-out's snapshot on attach reaches both windows as it is.
    wrappedOne.postMessage({ type: 'snapshot', state: snapshot() })
    wrappedTwo.postMessage({ type: 'snapshot', state: snapshot() })
    expect(ids(one.posted.at(-1))).toEqual(['live-sw'])

    expect(await ports.command(1, { type: 'seek', at: T0 })).toEqual({ ok: true })
    scheduler.frame()
    const replayed = one.posted.find((m) => m.type === 'snapshot' && m.state.replay)
    expect(ids(replayed)).toEqual(['past-sw'])
    expect(ports.replaying()).toEqual([1])

    // Live changes: window two gets them; window one (replaying) only what stays live.
    const change: HubToWindowMessage = {
      type: 'changes',
      changes: {
        entities: { network: { reset: false, upserts: [makeDevice({ id: 'new-sw' })], removes: [] } },
      },
    }
    const before = one.posted.length
    wrappedOne.postMessage(change)
    wrappedTwo.postMessage(change)
    expect(two.posted.at(-1)).toEqual(change)
    expect(one.posted.length).toBe(before)

    expect(await ports.command(1, { type: 'live' })).toEqual({ ok: true })
    const back = one.posted.at(-1)
    expect(back?.type === 'snapshot' && back.state.replay).toBeNull()
    expect(ids(back)).toEqual(['live-sw'])
    expect(ports.replaying()).toEqual([])
  })
})
