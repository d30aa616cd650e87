/**
 * The loop that drives a committer: one commit at a time, on a timer (`tickMs`) and sooner — once
 * per event-loop turn — when a source is waiting to acknowledge. A flush asked for while one runs
 * is folded into it: the running flush goes round again while there is more to commit.
 */
import { runDetached } from '../../shared/util/runDetached.ts'
import type { Logger } from '../log/Logger.ts'

export type CommitLoop = {
  /** Commits now; resolves when the loop is idle again (a failed commit is the committer's to keep). */
  flush(): Promise<void>
  /** Flushes on the next turn of the event loop (once, however often it is asked). */
  soon(): void
  /** Stops the timer and any pending `soon`; a last `flush()` is the caller's. */
  stop(): void
}

export function createCommitLoop(deps: {
  /** One commit; resolves `true` when it wants another round whether or not one was asked for. */
  readonly commitOnce: () => Promise<boolean | void>
  /** Whether another round would have anything to do. */
  readonly hasMore: () => boolean
  readonly tickMs: number
  readonly logger: Logger
}): CommitLoop {
  let running: Promise<void> | null = null
  let again = false
  let immediate: NodeJS.Immediate | null = null
  let stopped = false
  // The committer handles a failing log itself (the commit is held and retried): a rejection here is a bug.
  const logFailure = (error: unknown): void =>
    deps.logger.error('commit loop failed', {
      reason: error instanceof Error ? error.message : String(error),
    })

  const flush = (): Promise<void> => {
    if (running !== null) {
      again = true
      return running
    }
    running = (async () => {
      try {
        let wanted: boolean | void
        do {
          again = false
          wanted = await deps.commitOnce()
        } while ((again || wanted === true) && deps.hasMore())
      } finally {
        running = null
      }
    })()
    return running
  }

  const timer = setInterval(() => runDetached(flush(), logFailure), deps.tickMs)
  timer.unref()

  return {
    flush,
    soon: () => {
      if (immediate !== null || stopped) return
      immediate = setImmediate(() => {
        immediate = null
        runDetached(flush(), logFailure)
      })
    },
    stop: () => {
      stopped = true
      clearInterval(timer)
      if (immediate !== null) clearImmediate(immediate)
      immediate = null
    },
  }
}
