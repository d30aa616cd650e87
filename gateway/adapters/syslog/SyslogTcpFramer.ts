/**
 * Syslog over TCP framing (RFC 6587): octet counting ("LEN SP MSG", RFC 5425 style) and non-transparent
 * framing (messages ended by LF; NUL and CRLF tolerated). The method is chosen per message, as rsyslog
 * does: a message starting with a digit is octet-counted, anything else runs to the next LF.
 * Messages over `maxMessageBytes` are skipped without buffering and reported.
 */
import { assertNever } from '../../../shared/util/assertNever.ts'

const LF = 0x0a
const NUL = 0x00
const SP = 0x20

export type SyslogTcpEvent =
  | { readonly kind: 'message'; readonly payload: Buffer }
  | { readonly kind: 'oversized'; readonly bytes: number }
  | { readonly kind: 'bad-length'; readonly detail: string }

type State =
  | { readonly mode: 'start' }
  | { readonly mode: 'length'; digits: string }
  | { readonly mode: 'counted'; remaining: number; readonly total: number; readonly keep: boolean }
  | { readonly mode: 'line'; readonly keep: boolean }

export class SyslogTcpFramer {
  readonly #max: number
  #state: State = { mode: 'start' }
  #parts: Buffer[] = []
  #size = 0

  constructor(maxMessageBytes: number) {
    this.#max = maxMessageBytes
  }

  push(chunk: Buffer): SyslogTcpEvent[] {
    const events: SyslogTcpEvent[] = []
    let i = 0
    while (i < chunk.length) {
      const state = this.#state
      switch (state.mode) {
        case 'start': {
          const b = chunk[i] ?? 0
          if (b === LF || b === NUL || b === 0x0d || b === SP) {
            i++
          } else if (b >= 0x30 && b <= 0x39) {
            this.#state = { mode: 'length', digits: '' }
          } else {
            this.#reset()
            this.#state = { mode: 'line', keep: true }
          }
          break
        }
        case 'length': {
          const b = chunk[i] ?? 0
          if (b >= 0x30 && b <= 0x39 && state.digits.length < 10) {
            state.digits += String.fromCharCode(b)
            i++
          } else if (b === SP && state.digits.length > 0) {
            const total = Number(state.digits)
            i++
            this.#reset()
            const keep = total <= this.#max
            if (!keep) events.push({ kind: 'oversized', bytes: total })
            this.#state = total === 0 ? { mode: 'start' } : { mode: 'counted', remaining: total, total, keep }
          } else {
            // Not "LEN SP": treat the digits and what follows as a newline-delimited message.
            events.push({ kind: 'bad-length', detail: 'octet count not followed by a space' })
            this.#reset()
            this.#append(Buffer.from(state.digits, 'latin1'))
            this.#state = { mode: 'line', keep: true }
          }
          break
        }
        case 'counted': {
          const take = Math.min(state.remaining, chunk.length - i)
          if (state.keep) this.#append(chunk.subarray(i, i + take))
          state.remaining -= take
          i += take
          if (state.remaining === 0) {
            if (state.keep) events.push({ kind: 'message', payload: this.#take() })
            this.#state = { mode: 'start' }
          }
          break
        }
        case 'line': {
          let end = -1
          for (let k = i; k < chunk.length; k++) {
            const b = chunk[k]
            if (b === LF || b === NUL) {
              end = k
              break
            }
          }
          const stop = end === -1 ? chunk.length : end
          if (state.keep) {
            if (this.#size + (stop - i) > this.#max) {
              events.push({ kind: 'oversized', bytes: this.#size + (stop - i) })
              this.#reset()
              this.#state = { mode: 'line', keep: false }
            } else {
              this.#append(chunk.subarray(i, stop))
            }
          }
          i = stop
          if (end !== -1) {
            i = end + 1
            const keep = this.#state.mode === 'line' && this.#state.keep
            if (keep) events.push({ kind: 'message', payload: stripCr(this.#take()) })
            this.#reset()
            this.#state = { mode: 'start' }
          }
          break
        }
        default:
          return assertNever(state, 'syslog framer state')
      }
    }
    return events
  }

  #append(bytes: Buffer): void {
    if (bytes.length === 0) return
    this.#parts.push(Buffer.from(bytes))
    this.#size += bytes.length
  }

  #take(): Buffer {
    const out = Buffer.concat(this.#parts, this.#size)
    this.#reset()
    return out
  }

  #reset(): void {
    this.#parts = []
    this.#size = 0
  }
}

function stripCr(buffer: Buffer): Buffer {
  return buffer.length > 0 && buffer[buffer.length - 1] === 0x0d
    ? buffer.subarray(0, buffer.length - 1)
    : buffer
}
