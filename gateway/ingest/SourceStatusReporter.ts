/**
 * A source's own view of its status, for adapters that re-evaluate it often (every poll, every
 * reconnect attempt): repeats are dropped, a change of status is logged once, and the last value
 * is kept for the adapter's `stats()` (which can be read before the adapter starts).
 */
import type { SourceStatus } from '../../shared/contracts/entities.ts'
import type { AdapterSink } from './sourceAdapter.ts'
import type { Logger } from '../log/Logger.ts'

export class SourceStatusReporter {
  #status: SourceStatus | null = null
  #detail: string | null = null

  get status(): SourceStatus | null {
    return this.#status
  }
  get detail(): string | null {
    return this.#detail
  }

  /** Tells the sink when status or detail changed; logs when the status itself changed. */
  report(sink: AdapterSink, log: Logger, status: SourceStatus, detail: string | null): void {
    if (status === this.#status && detail === this.#detail) return
    if (status !== this.#status) log.info('status', { status, detail })
    this.#status = status
    this.#detail = detail
    sink.status(status, detail)
  }
}
