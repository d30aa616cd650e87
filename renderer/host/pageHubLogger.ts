import type { HubLogger } from '../../shared/hub/FeedSocketPort.ts'

type LogFields = Parameters<HubLogger['info']>[1]

/**
 * The page's hub logs to the page's console (the renderer's log, logDetachedFailure.ts): refused
 * input (an entity that failed its topic's schema, a message without its envelope) is a warning
 * naming what and where, never the payload; errors are errors; info goes to the debug level.
 */
export const pageHubLogger: HubLogger = {
  /* eslint-disable no-console -- the page's console is the renderer's log */
  info: (message, fields) => console.debug(line(message, fields)),
  warn: (message, fields) => console.warn(line(message, fields)),
  error: (message, fields) => console.error(line(message, fields)),
  /* eslint-enable no-console */
}

function line(message: string, fields: LogFields | undefined): string {
  return `watchfloor hub: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`
}
