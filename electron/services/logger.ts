/**
 * A scoped logger for main. It logs ids, types and counts only — never payload bodies, which
 * could hold patient data. Lines go to stderr (the console ban is for product code writing
 * ad-hoc output; this is the one sanctioned sink).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Readonly<Record<string, string | number | boolean | null>>

export type Logger = {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  child(scope: string): Logger
}

export type LogSink = (line: string) => void

/** A logger writing one JSON line per entry to `sink` (stderr by default). */
export function createLogger(
  scope: string,
  sink: LogSink = (line) => process.stderr.write(line + '\n'),
): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    sink(JSON.stringify({ t: new Date().toISOString(), level, scope, message, ...fields }))
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (sub) => createLogger(`${scope}.${sub}`, sink),
  }
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
