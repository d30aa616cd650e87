import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../log/createLogger.ts'
import { createCommitLoop, type CommitLoop } from './commitLoop.ts'

const loops: CommitLoop[] = []
afterEach(() => {
  for (const loop of loops.splice(0)) loop.stop()
})

/** A committer whose commits each wait for the test to release them. */
function setup(options: { wants?: () => boolean } = {}) {
  let queued = 0
  let commits = 0
  const releases: (() => void)[] = []
  const loop = createCommitLoop({
    commitOnce: async () => {
      commits += 1
      queued = 0
      await new Promise<void>((resolve) => releases.push(resolve))
      return options.wants?.() ?? false
    },
    hasMore: () => queued > 0,
    tickMs: 3_600_000,
    logger: createLogger('silent'),
  })
  loops.push(loop)
  const releaseNext = async (): Promise<void> => {
    while (releases.length === 0) await new Promise<void>((resolve) => setImmediate(resolve))
    releases.shift()?.()
  }
  return { loop, queue: () => (queued += 1), commits: () => commits, releaseNext }
}

describe('createCommitLoop', () => {
  it('folds flushes asked for during a commit into one more round, run by the same flush', async () => {
    const { loop, queue, commits, releaseNext } = setup()
    queue()
    const first = loop.flush()
    queue()
    const second = loop.flush()
    const third = loop.flush()
    expect(second).toBe(first)
    expect(third).toBe(first)
    await releaseNext()
    await releaseNext()
    await first
    expect(commits()).toBe(2)
  })

  it('does not go round again when nothing more is queued', async () => {
    const { loop, commits, releaseNext } = setup()
    const flushing = loop.flush()
    const asked = loop.flush()
    await releaseNext()
    await Promise.all([flushing, asked])
    expect(commits()).toBe(1)
  })

  it('goes round again when the commit asks to, if there is more', async () => {
    let wants = true
    const { loop, queue, commits, releaseNext } = setup({ wants: () => wants })
    queue()
    const flushing = loop.flush()
    queue()
    await releaseNext()
    wants = false
    await releaseNext()
    await flushing
    expect(commits()).toBe(2)
  })

  it('runs one flush for many `soon` calls in a turn, and none after `stop`', async () => {
    const { loop, commits, releaseNext } = setup()
    loop.soon()
    loop.soon()
    await releaseNext()
    await loop.flush()
    expect(commits()).toBe(1)
    loop.stop()
    loop.soon()
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(commits()).toBe(1)
  })
})
