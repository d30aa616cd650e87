/**
 * The gateway's scoped logger: pino, one JSON line per record on stderr, so stdout stays reserved
 * for the lines other programs parse (`watchfloor-gateway listening …`). This is the gateway's one
 * redaction point (the field list is `LOG_REDACTED_FIELDS`, shared with Electron main) and its one
 * bound on repeated lines: per scope + level + message, 20 lines a minute, then one summary line
 * with the count of the rest. Callers log ids, types and counts only — never payload bodies.
 */
import { pino, type DestinationStream } from 'pino'
import type { LogClock } from '../../shared/log/createLogThrottle.ts'
import { createScopedLogger } from '../../shared/log/createScopedLogger.ts'
import {
  LOG_RECORD_OPTIONS,
  LOG_REPEAT_LINES_PER_WINDOW,
  LOG_REPEAT_WINDOW_MS,
} from '../../shared/log/logRecordOptions.ts'
import type { Logger } from './Logger.ts'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Receives one record, without its trailing newline. */
export type LogWriter = (line: string) => void

export type LoggerOptions = {
  /** The repeat limit's clock (tests pass a fake one). Default: the system clock. */
  readonly clock?: LogClock
  /** Default 60 s and 20 lines per scope + level + message; `false` writes every line. */
  readonly repeats?: { readonly windowMs: number; readonly linesPerWindow: number } | false
}

/** The real clock; the summary timer never keeps the process alive on its own. */
export const systemLogClock: LogClock = {
  now: () => Date.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms)
    timer.unref()
    return () => clearTimeout(timer)
  },
}

/** A logger writing records at `level` or above; `write` defaults to stderr. */
export function createLogger(
  level: LogLevel,
  scope = 'gateway',
  write?: LogWriter,
  options: LoggerOptions = {},
): Logger {
  const destination: DestinationStream =
    write === undefined
      ? process.stderr
      : { write: (chunk) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
  const root = pino({ ...LOG_RECORD_OPTIONS, level, base: { pid: process.pid } }, destination)
  const repeats = options.repeats ?? {
    windowMs: LOG_REPEAT_WINDOW_MS,
    linesPerWindow: LOG_REPEAT_LINES_PER_WINDOW,
  }
  return createScopedLogger({
    scope,
    writerFor: (child) => root.child({ scope: child }),
    repeats: repeats === false ? null : { ...repeats, clock: options.clock ?? systemLogClock },
  })
}

/** A logger that drops everything (tests, benches). */
export function createSilentLogger(): Logger {
  return createLogger('silent')
}
