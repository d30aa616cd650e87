/**
 * The browser host's alarm tone, with Web Audio: the three tones are fetched and decoded once,
 * at startup, while the gateway that serves them is up — so the alarm that says the gateway is
 * DOWN still sounds (an <audio> element would fetch its file from that very gateway when asked to
 * play, and fail). What it reports is true:
 *
 * - `blocked`: the browser holds audio until the user interacts with the page (autoplay policy).
 *   A click or key press anywhere on the page resumes it — the banner says so.
 * - `unavailable`: the tone could not be loaded (the page was opened while the gateway was down);
 *   it is fetched again at the next attempt.
 *
 * The AudioContext and fetch are injected, so the behaviour is tested without a browser.
 */
import type { AlarmPriority } from '../../../shared/contracts/alarms.ts'

export type ToneOutcome = 'played' | 'blocked' | 'unavailable'

/** The parts of Web Audio used here (a real AudioContext satisfies it). */
export type ToneAudio = {
  readonly state: string
  resume(): Promise<void>
  decodeAudioData(data: ArrayBuffer): Promise<AudioBuffer>
  createBufferSource(): {
    buffer: AudioBuffer | null
    connect(node: unknown): unknown
    start(): void
    stop(): void
  }
  readonly destination: unknown
}

export type WebTonePlayerOptions = {
  readonly urls: Readonly<Record<AlarmPriority, string>>
  readonly createAudio: () => ToneAudio | null
  readonly fetch: (url: string) => Promise<{ ok: boolean; arrayBuffer(): Promise<ArrayBuffer> }>
  /** Where a click or key press resumes a blocked context (the document). */
  readonly onUserGesture?: (resume: () => void) => void
}

export class WebTonePlayer {
  readonly #options: WebTonePlayerOptions
  readonly #buffers = new Map<AlarmPriority, AudioBuffer>()
  #audio: ToneAudio | null = null
  #loading: Promise<void> | null = null
  #current: { stop(): void } | null = null

  constructor(options: WebTonePlayerOptions) {
    this.#options = options
  }

  /** Fetches and decodes every tone not yet held. Never rejects. */
  load(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = null
    })
    return this.#loading
  }

  /** Plays one burst of `priority`'s tone (the caller repeats it at the tone's interval). */
  async play(priority: AlarmPriority): Promise<ToneOutcome> {
    if (!this.#buffers.has(priority)) await this.load()
    const audio = this.#context()
    const buffer = this.#buffers.get(priority)
    if (audio === null || buffer === undefined) return 'unavailable'
    if (audio.state !== 'running') {
      // Resumes at once where the page already had a gesture; otherwise stays suspended.
      void audio.resume().catch(() => undefined)
      await Promise.resolve()
      if (audio.state !== 'running') return 'blocked'
    }
    this.stop()
    const source = audio.createBufferSource()
    source.buffer = buffer
    source.connect(audio.destination)
    source.start()
    this.#current = source
    return 'played'
  }

  stop(): void {
    try {
      this.#current?.stop()
    } catch {
      // Already ended: nothing to stop.
    }
    this.#current = null
  }

  #context(): ToneAudio | null {
    if (this.#audio === null) {
      this.#audio = this.#options.createAudio()
      const audio = this.#audio
      if (audio !== null) this.#options.onUserGesture?.(() => void audio.resume().catch(() => undefined))
    }
    return this.#audio
  }

  async #load(): Promise<void> {
    const audio = this.#context()
    if (audio === null) return
    await Promise.all(
      (Object.entries(this.#options.urls) as [AlarmPriority, string][]).map(async ([priority, url]) => {
        if (this.#buffers.has(priority)) return
        try {
          const response = await this.#options.fetch(url)
          if (!response.ok) return
          this.#buffers.set(priority, await audio.decodeAudioData(await response.arrayBuffer()))
        } catch {
          // Unreachable or undecodable: reported as `unavailable` when it is needed, and retried then.
        }
      }),
    )
  }
}
