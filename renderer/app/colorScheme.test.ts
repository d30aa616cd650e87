import { describe, expect, it } from 'vitest'
import { parseColorScheme, resolveColorScheme } from './colorScheme.ts'

describe('the colour scheme', () => {
  it('follows the operating system on a desktop unless the operator chose', () => {
    expect(resolveColorScheme('system', true, 'desktop')).toBe('dark')
    expect(resolveColorScheme('system', false, 'desktop')).toBe('light')
    expect(resolveColorScheme('light', true, 'desktop')).toBe('light')
    expect(resolveColorScheme('dark', false, 'desktop')).toBe('dark')
  })

  it('keeps a wall dark whatever was chosen', () => {
    expect(resolveColorScheme('light', false, 'wall')).toBe('dark')
    expect(resolveColorScheme('system', false, 'wall')).toBe('dark')
  })

  it('reads a stored choice, falling back to the system for anything unknown', () => {
    expect(parseColorScheme('dark')).toBe('dark')
    expect(parseColorScheme(null)).toBe('system')
    expect(parseColorScheme('sepia')).toBe('system')
  })
})
