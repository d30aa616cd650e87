import type { z } from 'zod'
import type { FeedSocketPort } from './FeedSocketPort.ts'
import { errorName, type HubDiagnostics } from './HubDiagnostics.ts'

/** Requests from operators (acknowledge, shelve) wait this long for the gateway. */
const ACTION_TIMEOUT_MS = 10_000

/**
 * Sends an operator's request to the gateway and parses the answer. Never throws: not being
 * connected, a timeout and an answer this app does not understand all come back as an error the
 * screen can show (nothing is thrown across IPC).
 */
export async function requestOrError<T>(
  socket: FeedSocketPort,
  diagnostics: HubDiagnostics,
  event: string,
  request: unknown,
  schema: z.ZodType<T>,
): Promise<T | { ok: false; error: string }> {
  if (!socket.connected) return { ok: false, error: 'Not connected to the gateway' }
  try {
    const raw = await socket.request(event, request, ACTION_TIMEOUT_MS)
    const parsed = schema.safeParse(raw)
    if (parsed.success) return parsed.data
    diagnostics.reject(event, parsed.error)
    return { ok: false, error: 'The gateway sent an answer this app does not understand' }
  } catch (error) {
    diagnostics.logger.warn('request failed', { event, error: errorName(error) })
    return { ok: false, error: 'The gateway did not answer in time' }
  }
}
