import { describe, expect, it } from 'vitest'
import { runDetached } from './runDetached.ts'

describe('runDetached', () => {
  it('hands a rejection to onError, once, and returns at once', async () => {
    const errors: unknown[] = []
    const failure = new Error('gateway gone')
    let reject: (error: unknown) => void = () => {}
    const work = new Promise((_resolve, rejectWork) => (reject = rejectWork))
    expect(runDetached(work, (error) => errors.push(error))).toBeUndefined()
    expect(errors).toEqual([])
    reject(failure)
    await work.catch(() => undefined)
    await Promise.resolve()
    expect(errors).toEqual([failure])
  })

  it('does not call onError when the work succeeds', async () => {
    const errors: unknown[] = []
    const work = Promise.resolve('done')
    runDetached(work, (error) => errors.push(error))
    await work
    await Promise.resolve()
    expect(errors).toEqual([])
  })
})
