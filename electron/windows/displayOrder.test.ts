import { describe, expect, it } from 'vitest'
import type { DisplayAssignment } from '../services/settings.ts'
import { makeDisplay } from '../../tests/support/electronFakes.ts'
import { findAssignment, orderDisplays, resolveAssignments } from './displayOrder.ts'

const at = (x: number, y = 0) => ({ x, y, width: 1920, height: 1080 })
const saved = (displayId: number, label: string, position: number, boardId: string): DisplayAssignment => ({
  displayId,
  label,
  position,
  boardId,
  rotation: null,
})

describe('display order and memory', () => {
  it('numbers displays left to right, then top to bottom', () => {
    const ordered = orderDisplays([
      makeDisplay(3, at(1920)),
      makeDisplay(1, at(0, 1080)),
      makeDisplay(2, at(0)),
    ])
    expect(ordered.map((d) => d.id)).toEqual([2, 1, 3])
  })

  it('finds a display by id, then by a unique label, then by position', () => {
    const memory = [
      saved(1, 'Dell A', 0, 'capacity'),
      saved(2, 'LG', 1, 'site-manager'),
      saved(3, 'LG', 2, 'digital-ops'),
    ]
    expect(findAssignment(memory, makeDisplay(1, at(0), 'renamed'), 5)).toBe(0)
    expect(findAssignment(memory, makeDisplay(99, at(0), 'Dell A'), 5)).toBe(0)
    // Two saved displays share the label "LG": the label proves nothing, the position decides.
    expect(findAssignment(memory, makeDisplay(98, at(0), 'LG'), 2)).toBe(2)
    expect(findAssignment(memory, makeDisplay(97, at(0), 'Unknown'), 9)).toBe(-1)
  })

  it('keeps unplugged displays in memory and never gives one display another one’s board by id', () => {
    const memory = [saved(1, 'A', 0, 'capacity'), saved(2, 'B', 1, 'site-manager')]
    // Display 1 unplugged; display 2 is now in position 0, which was display 1's position.
    const { byDisplayId, saved: next } = resolveAssignments(memory, [makeDisplay(2, at(0), 'B')])
    expect(byDisplayId.get(2)?.boardId).toBe('site-manager')
    expect(next).toHaveLength(2)
    expect(next.find((a) => a.displayId === 1)?.boardId).toBe('capacity')
  })

  it('adds a new display with no board', () => {
    const { byDisplayId, saved: next } = resolveAssignments([], [makeDisplay(5, at(0), 'New')])
    expect(byDisplayId.get(5)).toEqual({ boardId: null, rotation: null })
    expect(next).toEqual([{ displayId: 5, label: 'New', position: 0, boardId: null, rotation: null }])
  })
})
