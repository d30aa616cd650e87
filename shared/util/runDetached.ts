/**
 * Starts work that nobody waits for — a retry, a subscription that reports its own outcome, an IPC
 * notification — and sends a rejection to `onError` (the caller's scoped logger) instead of
 * letting it become an unhandled rejection. This is what `void promise` would say, with the
 * failure path spelled out; lint (`no-floating-promises`, `void` included) asks for one or the
 * other at every promise that is not awaited.
 *
 * @param promise the work, already started
 * @param onError called once with the rejection reason if the work fails
 */
export function runDetached(promise: PromiseLike<unknown>, onError: (error: unknown) => void): void {
  Promise.resolve(promise).then(undefined, onError)
}
