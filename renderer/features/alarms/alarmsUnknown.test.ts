import { describe, expect, it } from 'vitest'
import { alarmsUnknown } from './alarmsUnknown.ts'

const connection = (status: 'connecting' | 'connected' | 'disconnected') =>
  ({ status, since: 0, detail: null, gatewayUrl: 'http://127.0.0.1:1' }) as const

describe('alarmsUnknown', () => {
  it('never lets a disconnected or connecting hub read as an all-clear', () => {
    expect(alarmsUnknown(connection('disconnected'), true)).toBe('Alarms unknown — not connected')
    expect(alarmsUnknown(connection('connecting'), false)).toBe('Alarms unknown — not connected')
  })

  it('says so while the first snapshot is restoring, and nothing once it is in', () => {
    expect(alarmsUnknown(connection('connected'), false)).toBe('Alarms unknown — restoring')
    expect(alarmsUnknown(connection('connected'), true)).toBeNull()
  })
})
