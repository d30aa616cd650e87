import { describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../services/logger.ts'
import { FakeClock, FakeWindow } from '../../tests/support/electronFakes.ts'
import { DEFAULT_CRASH_POLICY, backoffDelay, createCrashSupervisor } from './crashSupervisor.ts'

const policy = { initialDelayMs: 1000, maxDelayMs: 8000, stableAfterMs: 60_000, hangTimeoutMs: 10_000 }

function setup() {
  const clock = new FakeClock()
  const { logger, lines } = createMemoryLogger()
  const window = new FakeWindow({ kind: 'wall', bounds: { x: 0, y: 0, width: 10, height: 10 }, title: 't' })
  createCrashSupervisor(clock, logger, policy).supervise(window, 'display-1')
  return { clock, lines, window }
}

/** Crashes the renderer, then measures how long until the supervisor reloads it. */
function crashAndTimeReload(clock: FakeClock, window: FakeWindow): number {
  const before = window.reloads
  window.emit('render-process-gone', 'crashed', 139)
  let waited = 0
  while (window.reloads === before && waited < 100_000) {
    clock.advance(250)
    waited += 250
  }
  return waited
}

describe('CrashSupervisor', () => {
  it('reloads a crashed renderer with exponential backoff, capped', () => {
    const { clock, window } = setup()
    const delays = [1, 2, 3, 4, 5].map(() => crashAndTimeReload(clock, window))
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000])
    expect(window.reloads).toBe(5)
  })

  it('logs every crash with its reason and attempt', () => {
    const { clock, window, lines } = setup()
    crashAndTimeReload(clock, window)
    const gone = lines.find((l) => l.message.startsWith('renderer gone'))
    expect(gone?.level).toBe('warn')
    expect(gone?.fields).toMatchObject({ window: 'display-1', reason: 'crashed', attempt: 1, delayMs: 1000 })
  })

  it('starts the backoff again once the page has stayed up', () => {
    const { clock, window } = setup()
    crashAndTimeReload(clock, window)
    crashAndTimeReload(clock, window)
    window.emit('did-finish-load')
    clock.advance(policy.stableAfterMs)
    expect(crashAndTimeReload(clock, window)).toBe(1000)
  })

  it('crashes and reloads a renderer unresponsive for the hang timeout, once', () => {
    const { clock, window } = setup()
    window.emit('unresponsive')
    clock.advance(policy.hangTimeoutMs - 1)
    expect(window.crashes).toBe(0)
    clock.advance(1)
    expect(window.calls.slice(-2)).toEqual(['forcefullyCrashRenderer', 'reload'])
    // Our own crash is not a second crash to back off from.
    window.emit('render-process-gone', 'killed', 9)
    clock.advance(100_000)
    expect(window.reloads).toBe(1)
  })

  it('leaves a renderer that becomes responsive again alone', () => {
    const { clock, window } = setup()
    window.emit('unresponsive')
    clock.advance(policy.hangTimeoutMs / 2)
    window.emit('responsive')
    clock.advance(policy.hangTimeoutMs * 2)
    expect(window.crashes).toBe(0)
    expect(window.reloads).toBe(0)
  })

  it('does not reload a window that was closed', () => {
    const { clock, window } = setup()
    window.emit('render-process-gone', 'oom', 1)
    window.close()
    clock.advance(100_000)
    expect(window.reloads).toBe(0)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('has a sane default policy', () => {
    expect(backoffDelay(DEFAULT_CRASH_POLICY, 1)).toBe(1000)
    expect(backoffDelay(DEFAULT_CRASH_POLICY, 20)).toBe(DEFAULT_CRASH_POLICY.maxDelayMs)
  })
})
