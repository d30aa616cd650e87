import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../shared/contracts/alarms.ts'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import type { AppMode, MuteState } from '../../shared/contracts/ipc.ts'
import { FakeClock, FakeWindow } from '../../tests/support/electronFakes.ts'
import { createMemoryLogger } from './logger.ts'
import { MAX_MUTE_MS, createNotifier } from './notifier.ts'
import type { OsNotification } from './notifier.ts'

function makeAlarm(over: Partial<ActiveAlarm> = {}): ActiveAlarm {
  return {
    fingerprint: 'rule-1|device|sw-1',
    ruleId: 'rule-1',
    title: 'Access switch down',
    detail: 'sw-1 has been down for 60 s',
    priority: 'high',
    state: 'unacknowledged',
    active: true,
    raisedAt: 1000,
    changedAt: 1000,
    subject: { kind: 'device', id: 'sw-1', siteId: 's1', levelId: null, unitId: null },
    groupCount: 1,
    members: [],
    ack: null,
    shelvedUntil: null,
    escalated: false,
    ...over,
  }
}

const win = () => new FakeWindow({ kind: 'wall', bounds: { x: 0, y: 0, width: 1, height: 1 }, title: 't' })

function setup(windowCount: number, mode: AppMode = 'wall') {
  const clock = new FakeClock()
  const windows = Array.from({ length: windowCount }, win)
  const notifications: OsNotification[] = []
  let saved: MuteState = { mutedUntil: null }
  let contextBroadcasts = 0
  const notifier = createNotifier({
    mode,
    clock,
    log: createMemoryLogger().logger,
    directory: {
      soundWindow: () => windows[0] ?? null,
      broadcastContext: () => contextBroadcasts++,
    },
    notify: (n) => notifications.push(n),
    loadMute: () => saved,
    saveMute: (m) => (saved = m),
  })
  const soundRequests = () => windows.map((w) => w.sentOn(IpcChannel.playSound))
  return {
    clock,
    windows,
    notifier,
    notifications,
    soundRequests,
    saved: () => saved,
    broadcasts: () => contextBroadcasts,
  }
}

describe('Notifier', () => {
  it('asks exactly one window to sound, however many windows are open', () => {
    const { notifier, soundRequests } = setup(4)
    notifier.update([makeAlarm()])
    notifier.update([makeAlarm(), makeAlarm({ fingerprint: 'x', priority: 'low' })])
    expect(soundRequests()).toEqual([
      [{ action: 'play', priority: 'high', fingerprint: 'rule-1|device|sw-1' }],
      [],
      [],
      [],
    ])
  })

  it('plays the highest-priority unacknowledged tone, and stops once all are acknowledged', () => {
    const { notifier, soundRequests } = setup(2)
    notifier.update([makeAlarm({ fingerprint: 'm', priority: 'medium' })])
    notifier.update([makeAlarm({ fingerprint: 'm', priority: 'medium' }), makeAlarm({ fingerprint: 'h' })])
    notifier.update([
      makeAlarm({ fingerprint: 'm', priority: 'medium', state: 'acknowledged' }),
      makeAlarm({ fingerprint: 'h', state: 'acknowledged' }),
    ])
    expect(soundRequests()[0]).toEqual([
      { action: 'play', priority: 'medium', fingerprint: 'm' },
      { action: 'play', priority: 'high', fingerprint: 'h' },
      { action: 'stop' },
    ])
  })

  it('silences while muted and sounds again when the mute expires', () => {
    const { notifier, soundRequests, clock, saved, broadcasts } = setup(1)
    notifier.update([makeAlarm()])
    const state = notifier.setMute(clock.now() + 60_000)
    expect(saved()).toEqual(state)
    expect(broadcasts()).toBe(1)
    clock.advance(60_000)
    expect(notifier.muteState()).toEqual({ mutedUntil: null })
    expect(soundRequests()[0]?.map((r) => (r as { action: string }).action)).toEqual(['play', 'stop', 'play'])
  })

  it('caps a mute at 24 hours', () => {
    const { notifier, clock } = setup(1)
    expect(notifier.setMute(clock.now() + 10 * MAX_MUTE_MS).mutedUntil).toBe(clock.now() + MAX_MUTE_MS)
  })

  it('raises an OS notification once per new unacknowledged alarm in desktop mode only', () => {
    const desktop = setup(1, 'desktop')
    desktop.notifier.update([makeAlarm()])
    desktop.notifier.update([makeAlarm()])
    desktop.notifier.update([makeAlarm(), makeAlarm({ fingerprint: 'n', priority: 'low', title: 'PAR low' })])
    expect(desktop.notifications.map((n) => n.title)).toEqual(['HIGH — Access switch down', 'LOW — PAR low'])
    const wall = setup(2, 'wall')
    wall.notifier.update([makeAlarm()])
    expect(wall.notifications).toEqual([])
  })

  it('brings the desktop window forward and focuses the alarm when its notification is clicked', () => {
    const { notifier, notifications, windows } = setup(1, 'desktop')
    notifier.update([makeAlarm({ fingerprint: 'h' }), makeAlarm({ fingerprint: 'm', priority: 'medium' })])
    expect(windows[0]!.sentOn(IpcChannel.focusAlarm)).toEqual([])
    notifications[1]!.onClick()
    expect(windows[0]!.broughtToFront).toBe(1)
    expect(windows[0]!.sentOn(IpcChannel.focusAlarm)).toEqual([{ fingerprint: 'm' }])
  })

  it('re-sends the current tone to a sound window that reloaded', () => {
    const { notifier, windows } = setup(1)
    notifier.update([makeAlarm()])
    notifier.windowLoaded(windows[0]!)
    expect(windows[0]!.sentOn(IpcChannel.playSound)).toHaveLength(2)
  })
})
