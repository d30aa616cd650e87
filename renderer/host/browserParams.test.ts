import { describe, expect, it } from 'vitest'
import { TOKEN_STORAGE_KEY, fragmentWithoutToken, readBrowserParams } from './browserParams.ts'

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  }
}

describe('readBrowserParams', () => {
  it('takes the token from the fragment and remembers it for a reload', () => {
    const storage = memoryStorage()
    const params = readBrowserParams('', '#token=abc123', storage)
    expect(params).toMatchObject({ token: 'abc123', tokenFromUrl: true, mode: 'desktop', boardId: null })
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('abc123')
    // The reload: the fragment is gone, the session still has the token.
    expect(readBrowserParams('', '', storage)).toMatchObject({ token: 'abc123', tokenFromUrl: false })
  })

  it('has no token when neither the link nor the session has one', () => {
    expect(readBrowserParams('', '', memoryStorage()).token).toBeNull()
  })

  it('reads wall mode and the board from the query', () => {
    expect(readBrowserParams('?mode=wall&board=digital-ops', '#token=t', memoryStorage())).toMatchObject({
      mode: 'wall',
      boardId: 'digital-ops',
    })
  })

  it('clears only the token from the fragment', () => {
    expect(fragmentWithoutToken('#token=abc')).toBe('')
    expect(fragmentWithoutToken('#token=abc&board=capacity')).toBe('#board=capacity')
  })
})
