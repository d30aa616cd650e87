/**
 * One record shape and one redaction list for every Node process of Watchfloor (the gateway and
 * Electron main write to one stream when the app embeds the gateway). Both pass these options to
 * pino, so a line reads the same whichever process wrote it:
 *
 *   {"level":"warn","time":"2026-01-05T09:00:00.000Z","pid":4242,"scope":"gateway.ingest.adt","msg":"rejected",…}
 *
 * Plain data and functions, no pino import: shared/ stays pure.
 */

/**
 * Field names whose values are replaced with `[redacted]` wherever a logger is given them, at the
 * top level or one object down (`headers.authorization`). Call sites are meant to log ids, types
 * and counts only; this list is the one place that catches secrets and free text that slip in.
 * - secrets: feed and webhook tokens, HTTP credentials, SNMP communities and v3 keys;
 * - free text that can name a patient: message bodies and segments, titles and descriptions from
 *   security feeds, operators' notes;
 * - HL7 identifiers that can carry one (MSH-10 control ids, patient fields).
 */
export const LOG_REDACTED_FIELDS: readonly string[] = [
  'token',
  'authorization',
  'cookie',
  'password',
  'passphrase',
  'secret',
  'community',
  'authKey',
  'privKey',
  'apiKey',
  'body',
  'payload',
  'raw',
  'segment',
  'text',
  'title',
  'description',
  'note',
  'controlId',
  'patient',
  'patientName',
  'nhsNumber',
  'dateOfBirth',
]

export const LOG_REDACT_CENSOR = '[redacted]'

/** pino redact paths: each field at the top level and one level down. */
export const LOG_REDACT_PATHS: readonly string[] = LOG_REDACTED_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
])

/** The repeat limit (see `createLogThrottle`): per scope + level + message, 20 lines a minute. */
export const LOG_REPEAT_WINDOW_MS = 60_000
export const LOG_REPEAT_LINES_PER_WINDOW = 20

/**
 * pino options both processes use (spread into `pino({...})` with their level and base). Levels
 * are written by name and the time as ISO 8601, which log shippers and people both read.
 */
export const LOG_RECORD_OPTIONS = {
  messageKey: 'msg',
  formatters: { level: (label: string): { level: string } => ({ level: label }) },
  timestamp: (): string => `,"time":"${new Date().toISOString()}"`,
  redact: { paths: [...LOG_REDACT_PATHS], censor: LOG_REDACT_CENSOR },
}
