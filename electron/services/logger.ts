/**
 * Main's scoped logger: the same pino records as the gateway's (`shared/log/logRecordOptions.ts`:
 * level by name, ISO time, pid, scope, msg, the one redaction list), because the embedded
 * gateway's stderr is piped into main's and a trust's log shipper reads one stream. Repeated
 * lines are bounded the same way (per scope + level + message, 20 a minute, then a count).
 * It logs ids, types and counts only — never payload bodies, which could hold patient data.
 * Lines go to stderr (the console ban is for product code writing ad-hoc output; this is the one
 * sanctioned sink). Only main imports this file: pino never reaches the renderer or the preload.
 */
import { pino, type DestinationStream } from 'pino'
import type { LogClock } from '../../shared/log/createLogThrottle.ts'
import { createScopedLogger } from '../../shared/log/createScopedLogger.ts'
import {
  LOG_RECORD_OPTIONS,
  LOG_REPEAT_LINES_PER_WINDOW,
  LOG_REPEAT_WINDOW_MS,
} from '../../shared/log/logRecordOptions.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Readonly<Record<string, string | number | boolean | null>>

export type Logger = {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  child(scope: string): Logger
}

/** Receives one record, without its trailing newline. */
export type LogSink = (line: string) => void

const systemLogClock: LogClock = {
  now: () => Date.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms)
    // The summary of held-back lines never keeps the app alive on its own.
    timer.unref()
    return () => clearTimeout(timer)
  },
}

/** A logger writing one JSON line per entry to `sink` (stderr by default), at debug and above. */
export function createLogger(scope: string, sink?: LogSink, clock: LogClock = systemLogClock): Logger {
  const destination: DestinationStream =
    sink === undefined
      ? process.stderr
      : { write: (chunk) => sink(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
  const root = pino({ ...LOG_RECORD_OPTIONS, level: 'debug', base: { pid: process.pid } }, destination)
  return createScopedLogger({
    scope,
    writerFor: (child) => root.child({ scope: child }),
    repeats: { clock, windowMs: LOG_REPEAT_WINDOW_MS, linesPerWindow: LOG_REPEAT_LINES_PER_WINDOW },
  })
}

/** A logger that keeps entries in memory, for tests asserting what was logged. */
export function createMemoryLogger(): {
  logger: Logger
  lines: { level: LogLevel; scope: string; message: string; fields: LogFields }[]
} {
  const lines: { level: LogLevel; scope: string; message: string; fields: LogFields }[] = []
  const make = (scope: string): Logger => {
    const write = (level: LogLevel, message: string, fields?: LogFields): void => {
      lines.push({ level, scope, message, fields: fields ?? {} })
    }
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (sub) => make(`${scope}.${sub}`),
    }
  }
  return { logger: make('test'), lines }
}
