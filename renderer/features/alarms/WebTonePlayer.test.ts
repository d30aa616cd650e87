import { describe, expect, it } from 'vitest'
import { WebTonePlayer, type ToneAudio } from './WebTonePlayer.ts'

const URLS = { high: '/high.wav', medium: '/medium.wav', low: '/low.wav' }

function fakeAudio(initial: 'running' | 'suspended') {
  const started: string[] = []
  const audio = {
    state: initial as string,
    resume: async () => undefined,
    decodeAudioData: async (data: ArrayBuffer) =>
      ({ label: new TextDecoder().decode(data) }) as unknown as AudioBuffer,
    createBufferSource: () => {
      const source = {
        buffer: null as AudioBuffer | null,
        connect: () => undefined,
        start: () => started.push((source.buffer as unknown as { label: string }).label),
        stop: () => undefined,
      }
      return source
    },
    destination: {},
  } satisfies ToneAudio
  return { audio, started }
}

describe('WebTonePlayer', () => {
  it('plays the gateway-down tone from memory once the gateway that served it is gone', async () => {
    const { audio, started } = fakeAudio('running')
    let gatewayUp = true
    const player = new WebTonePlayer({
      urls: URLS,
      createAudio: () => audio,
      fetch: async (url) => {
        if (!gatewayUp) throw new TypeError('Failed to fetch')
        return { ok: true, arrayBuffer: async () => new TextEncoder().encode(url).buffer as ArrayBuffer }
      },
    })
    await player.load()
    gatewayUp = false
    expect(await player.play('high')).toBe('played')
    expect(started).toEqual(['/high.wav'])
  })

  it('says the tone is unavailable — not blocked — when it could never be loaded, and loads it when it can', async () => {
    const { audio } = fakeAudio('running')
    let gatewayUp = false
    const player = new WebTonePlayer({
      urls: URLS,
      createAudio: () => audio,
      fetch: async () => {
        if (!gatewayUp) throw new TypeError('Failed to fetch')
        return { ok: true, arrayBuffer: async () => new ArrayBuffer(8) }
      },
    })
    expect(await player.play('high')).toBe('unavailable')
    gatewayUp = true
    expect(await player.play('high')).toBe('played')
  })

  it('says blocked while the browser holds audio until a gesture, and plays after one', async () => {
    const { audio } = fakeAudio('suspended')
    let gesture: (() => void) | null = null
    audio.resume = async () => undefined
    const player = new WebTonePlayer({
      urls: URLS,
      createAudio: () => audio,
      fetch: async () => ({ ok: true, arrayBuffer: async () => new ArrayBuffer(8) }),
      onUserGesture: (resume) => {
        gesture = () => {
          audio.state = 'running'
          resume()
        }
      },
    })
    expect(await player.play('medium')).toBe('blocked')
    ;(gesture as (() => void) | null)?.()
    expect(await player.play('medium')).toBe('played')
  })
})
