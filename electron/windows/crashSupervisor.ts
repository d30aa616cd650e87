/**
 * Keeps wall windows alive: a renderer that crashes is reloaded after an exponential backoff (so a
 * page that crashes on load does not spin a core), and one that stays unresponsive is crashed on
 * purpose and reloaded, which forces a new renderer process (Electron `web-contents.md`).
 * Every event is logged with the window's id and the reason — never page content.
 */
import type { Logger } from '../services/logger.ts'
import type { AppWindow, Clock, TimerHandle } from '../core/ports.ts'

export type CrashPolicy = {
  /** First reload delay; doubles per consecutive crash. */
  readonly initialDelayMs: number
  readonly maxDelayMs: number
  /** A renderer that stays loaded this long has recovered: the backoff starts again. */
  readonly stableAfterMs: number
  /** How long a renderer may stay unresponsive before it is crashed and reloaded. */
  readonly hangTimeoutMs: number
}

export const DEFAULT_CRASH_POLICY: CrashPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  stableAfterMs: 120_000,
  hangTimeoutMs: 15_000,
}

/** The delay before reload number `attempt` (1-based). */
export function backoffDelay(policy: CrashPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1))
}

export type CrashSupervisor = {
  /** Watches a window until it is closed. */
  supervise(window: AppWindow, label: string): void
}

export function createCrashSupervisor(
  clock: Clock,
  log: Logger,
  policy: CrashPolicy = DEFAULT_CRASH_POLICY,
): CrashSupervisor {
  return {
    supervise(window, label) {
      let attempts = 0
      let reloadTimer: TimerHandle | null = null
      let stableTimer: TimerHandle | null = null
      let hangTimer: TimerHandle | null = null
      // forcefullyCrashRenderer raises render-process-gone; that one is ours, already handled.
      let expectingOwnCrash = false

      const clear = (t: TimerHandle | null): null => {
        if (t !== null) clock.clearTimeout(t)
        return null
      }

      window.on('render-process-gone', (reason, exitCode) => {
        stableTimer = clear(stableTimer)
        hangTimer = clear(hangTimer)
        if (expectingOwnCrash) {
          expectingOwnCrash = false
          return
        }
        if (window.isDestroyed() || reloadTimer !== null) return
        attempts++
        const delayMs = backoffDelay(policy, attempts)
        log.warn('renderer gone; reloading after backoff', {
          window: label,
          reason,
          exitCode,
          attempt: attempts,
          delayMs,
        })
        reloadTimer = clock.setTimeout(() => {
          reloadTimer = null
          if (window.isDestroyed()) return
          log.info('reloading renderer', { window: label, attempt: attempts })
          window.reload()
        }, delayMs)
      })

      window.on('did-finish-load', () => {
        stableTimer = clear(stableTimer)
        stableTimer = clock.setTimeout(() => {
          stableTimer = null
          if (attempts > 0)
            log.info('renderer stable again; backoff reset', { window: label, after: attempts })
          attempts = 0
        }, policy.stableAfterMs)
      })

      window.on('unresponsive', () => {
        if (hangTimer !== null) return
        log.warn('renderer unresponsive', { window: label, timeoutMs: policy.hangTimeoutMs })
        hangTimer = clock.setTimeout(() => {
          hangTimer = null
          if (window.isDestroyed()) return
          log.error('renderer hung; crashing and reloading it', {
            window: label,
            timeoutMs: policy.hangTimeoutMs,
          })
          expectingOwnCrash = true
          window.forcefullyCrashRenderer()
          window.reload()
        }, policy.hangTimeoutMs)
      })

      window.on('responsive', () => {
        if (hangTimer !== null) log.info('renderer responsive again', { window: label })
        hangTimer = clear(hangTimer)
      })

      window.on('closed', () => {
        reloadTimer = clear(reloadTimer)
        stableTimer = clear(stableTimer)
        hangTimer = clear(hangTimer)
      })
    },
  }
}
