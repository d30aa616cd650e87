import { afterEach, describe, expect, it, vi } from 'vitest'
import { pageHubLogger } from './pageHubLogger.ts'

describe('pageHubLogger', () => {
  afterEach(() => vi.restoreAllMocks())

  it('puts the hub’s refusals in the page’s console, naming what and where', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    pageHubLogger.warn('entity rejected', { topic: 'beds', id: null, issues: 1 })
    pageHubLogger.error('subscribe refused', { reason: 'token' })
    expect(warn).toHaveBeenCalledWith('watchfloor hub: entity rejected {"topic":"beds","id":null,"issues":1}')
    expect(error).toHaveBeenCalledWith('watchfloor hub: subscribe refused {"reason":"token"}')
  })
})
