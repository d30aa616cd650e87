import { describe, expect, it } from 'vitest'
import { makeFakeLogClock } from '../../tests/support/makeFakeLogClock.ts'
import { createLogger } from './logger.ts'

function capture() {
  const clock = makeFakeLogClock()
  const lines: string[] = []
  const log = createLogger('main', (line) => lines.push(line), clock)
  return { clock, log, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) }
}

describe('createLogger (Electron main)', () => {
  it("writes the gateway's record shape: msg (not message), level by name, ISO time, pid, scope", () => {
    const { log, records } = capture()
    log.child('wall').info('window created', { displayId: 7 })
    const [record] = records()
    expect(Object.keys(record ?? {})).toEqual(['level', 'time', 'pid', 'scope', 'displayId', 'msg'])
    expect(record).toMatchObject({
      level: 'info',
      pid: process.pid,
      scope: 'main.wall',
      msg: 'window created',
    })
  })

  it('redacts the shared list of secret and free-text fields', () => {
    const { log, records } = capture()
    log.warn('gateway settings', { token: 'canary-token-91', url: 'http://127.0.0.1:8740' })
    expect(records()[0]).toMatchObject({ token: '[redacted]', url: 'http://127.0.0.1:8740' })
  })

  it('bounds a repeated line and counts the rest in one summary when the window ends', () => {
    const { clock, log, records } = capture()
    const hub = log.child('hub')
    for (let i = 0; i < 5000; i++) hub.warn('hub port post failed; detaching', { window: 'w1' })
    clock.advance(60_000)
    const written = records()
    expect(written).toHaveLength(21)
    expect(written[20]).toMatchObject({
      level: 'warn',
      scope: 'main.hub',
      msg: 'hub port post failed; detaching (… 4,980 more like this in the last 60 s)',
      suppressed: 4980,
    })
  })
})
