/**
 * The gateway's scoped logger: one JSON line per record on stderr, so stdout stays reserved for
 * the lines other programs parse (`watchfloor-gateway listening …`). Callers log ids, types and
 * counts only — never payload bodies, which could hold patient data.
 */
import type { Logger } from '../ingest/sourceAdapter.ts'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export type LogWriter = (line: string) => void

const writeStderr: LogWriter = (line) => {
  process.stderr.write(line + '\n')
}

/** A logger writing records at `level` or above; `write` defaults to stderr. */
export function createLogger(level: LogLevel, scope = 'gateway', write: LogWriter = writeStderr): Logger {
  const threshold = RANK[level]
  const record = (
    recordLevel: Exclude<LogLevel, 'silent'>,
    message: string,
    fields?: Record<string, unknown>,
  ): void => {
    if (RANK[recordLevel] < threshold) return
    write(JSON.stringify({ t: new Date().toISOString(), level: recordLevel, scope, msg: message, ...fields }))
  }
  return {
    debug: (message, fields) => record('debug', message, fields),
    info: (message, fields) => record('info', message, fields),
    warn: (message, fields) => record('warn', message, fields),
    error: (message, fields) => record('error', message, fields),
    child: (child) => createLogger(level, `${scope}.${child}`, write),
  }
}

/** A logger that drops everything (tests, benches). */
export function createSilentLogger(): Logger {
  return createLogger('silent')
}
