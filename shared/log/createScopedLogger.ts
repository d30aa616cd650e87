/**
 * The scoped logger of the Node processes (the gateway and Electron main): `debug/info/warn/
 * error(message, fields)` plus `child(scope)`, written through a record writer (a pino child
 * logger per scope, see `logRecordOptions.ts`) and with repeated lines bounded in one place
 * (`createLogThrottle`). Callers log ids, types and counts — never payload bodies, which could
 * hold patient data; the redaction paths catch what slips through.
 *
 * Pure: pino is imported by the two processes' composition code, never here, so nothing the
 * renderer can see pulls it in.
 */
import { createLogThrottle, type LogClock } from './createLogThrottle.ts'

export const LOG_RECORD_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogRecordLevel = (typeof LOG_RECORD_LEVELS)[number]
export type LogFields = Readonly<Record<string, unknown>>

export type ScopedLogger = {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** A logger for a part of this one: its scope is `parent.scope`. */
  child(scope: string): ScopedLogger
}

/** Writes the records of one scope. A pino child logger (`root.child({ scope })`) has this shape. */
export type RecordWriter = Readonly<Record<LogRecordLevel, (fields: object, message: string) => void>> & {
  isLevelEnabled(level: string): boolean
}

/** How repeated lines are bounded: per scope + level + message, `linesPerWindow` per window. */
export type RepeatLimit = {
  readonly clock: LogClock
  readonly windowMs: number
  readonly linesPerWindow: number
}

/** Lines held back per window, in the words: "… 10,378 more like this in the last 60 s". */
export function repeatSummary(message: string, suppressed: number, windowMs: number): string {
  const window = windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${windowMs} ms`
  return `${message} (… ${suppressed.toLocaleString('en-GB')} more like this in the last ${window})`
}

type Line = { readonly level: LogRecordLevel; readonly writer: RecordWriter; readonly message: string }

/** Distinct scope + message pairs tracked at once (see `LogThrottleOptions.maxKeys`). */
const MAX_REPEAT_KEYS = 2000

export function createScopedLogger(options: {
  readonly scope: string
  readonly writerFor: (scope: string) => RecordWriter
  /** null: every line is written (tests asserting each line). */
  readonly repeats: RepeatLimit | null
}): ScopedLogger {
  const { writerFor, repeats } = options
  const throttle =
    repeats === null
      ? null
      : createLogThrottle<Line>({
          clock: repeats.clock,
          windowMs: repeats.windowMs,
          linesPerWindow: repeats.linesPerWindow,
          maxKeys: MAX_REPEAT_KEYS,
          overflow: (line) => ({
            level: line.level,
            writer: writerFor('log'),
            message: 'lines of too many distinct messages',
          }),
          onSummary: (first, suppressed, windowMs) => {
            first.writer[first.level](
              { suppressed, windowSec: windowMs / 1000 },
              repeatSummary(first.message, suppressed, windowMs),
            )
          },
        })

  const make = (scope: string): ScopedLogger => {
    const writer = writerFor(scope)
    const record = (level: LogRecordLevel, message: string, fields: LogFields | undefined): void => {
      // A level that is off costs nothing and uses none of the window's lines.
      if (!writer.isLevelEnabled(level)) return
      if (
        throttle !== null &&
        !throttle.admit(`${level}\u0000${scope}\u0000${message}`, { level, writer, message })
      )
        return
      writer[level](fields ?? {}, message)
    }
    return {
      debug: (message, fields) => record('debug', message, fields),
      info: (message, fields) => record('info', message, fields),
      warn: (message, fields) => record('warn', message, fields),
      error: (message, fields) => record('error', message, fields),
      child: (sub) => make(`${scope}.${sub}`),
    }
  }
  return make(options.scope)
}
