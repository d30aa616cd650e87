import { describe, expect, it } from 'vitest'
import { COLLABORATIVE_BOARD_IDS, PRESET_BOARDS } from './boards/presets.ts'
import { chooseInitialBoard, nextInRotation } from './chooseBoard.ts'

const base = { mode: 'wall' as const, boardId: null, rotation: null, displayNumber: null }

describe('chooseInitialBoard', () => {
  it('prefers the remembered board', () => {
    expect(chooseInitialBoard({ ...base, boardId: 'digital-ops' }, PRESET_BOARDS)).toBe('digital-ops')
  })
  it('ignores a remembered board that no longer exists', () => {
    expect(chooseInitialBoard({ ...base, boardId: 'gone' }, PRESET_BOARDS)).toBe('capacity')
  })
  it('starts a rotation at its first board', () => {
    const rotation = { boardIds: ['site-manager', 'capacity'], intervalSeconds: 30 }
    expect(chooseInitialBoard({ ...base, rotation }, PRESET_BOARDS)).toBe('site-manager')
  })
  it('gives each display of a fresh wall a different preset', () => {
    expect(chooseInitialBoard({ ...base, displayNumber: 2 }, PRESET_BOARDS)).toBe('site-manager')
    expect(chooseInitialBoard({ ...base, displayNumber: 4 }, PRESET_BOARDS)).toBe('cyber-response')
    // One display more than there are single-trust presets wraps round to the first.
    const singleTrust = PRESET_BOARDS.filter((b) => !COLLABORATIVE_BOARD_IDS.includes(b.id))
    expect(chooseInitialBoard({ ...base, displayNumber: singleTrust.length + 1 }, PRESET_BOARDS)).toBe(
      'capacity',
    )
  })
})

describe('nextInRotation', () => {
  it('wraps around', () => {
    const rotation = { boardIds: ['a', 'b'], intervalSeconds: 30 }
    expect(nextInRotation(rotation, 'a')).toBe('b')
    expect(nextInRotation(rotation, 'b')).toBe('a')
    expect(nextInRotation(rotation, 'x')).toBe('a')
  })
})
