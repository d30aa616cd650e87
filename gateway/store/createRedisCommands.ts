/**
 * Redis commands with a deadline that holds while Redis hangs. node-redis' own `timeout` only
 * covers the wait to be written, not the wait for the answer: a paused Redis (SIGSTOP, a stalled
 * host) keeps the connection open and every command waits forever. Here a command not answered in
 * time rejects, and while any is still unanswered, new ones are refused at once instead of piling
 * up behind it on the connection (they would all run when Redis wakes).
 */
import type { RedisClientType } from 'redis'

export class RedisUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RedisUnavailableError'
  }
}

export type RedisCommands = {
  run<T>(args: readonly string[], timeoutMs?: number): Promise<T>
  /** Why a command would be refused now (a command still unanswered, or no connection), or null. */
  refusal(): string | null
}

/** The part of a node-redis client used here (structural: any module/script flavour fits). */
export type RedisCommandClient = Pick<RedisClientType, 'sendCommand' | 'isReady'>

export function createRedisCommands(client: RedisCommandClient, defaultTimeoutMs: number): RedisCommands {
  let unanswered = 0
  return {
    refusal: () =>
      unanswered > 0 ? 'redis is not answering' : client.isReady ? null : 'redis: not connected',
    run: <T>(args: readonly string[], timeoutMs = defaultTimeoutMs): Promise<T> => {
      if (unanswered > 0) return Promise.reject(new RedisUnavailableError('redis is not answering'))
      if (!client.isReady) return Promise.reject(new RedisUnavailableError('redis: not connected'))
      return new Promise<T>((resolve, reject) => {
        let settled = false
        unanswered += 1
        const timer = setTimeout(() => {
          settled = true
          reject(new RedisUnavailableError(`redis did not answer ${String(args[0])} within ${timeoutMs} ms`))
        }, timeoutMs)
        client.sendCommand(args).then(
          (reply) => {
            unanswered -= 1
            clearTimeout(timer)
            if (!settled) resolve(reply as T)
          },
          (error: unknown) => {
            unanswered -= 1
            clearTimeout(timer)
            if (!settled)
              reject(
                new RedisUnavailableError(error instanceof Error ? error.message : String(error), {
                  cause: error,
                }),
              )
          },
        )
      })
    },
  }
}
