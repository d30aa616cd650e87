import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MllpEvent } from './MllpFramer.ts'
import { MllpFramer, mllpFrame } from './MllpFramer.ts'

const frames = (events: readonly MllpEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'frame' ? [e.payload.toString('utf8')] : []))

describe('MllpFramer', () => {
  it('yields one frame per <VT>…<FS><CR>, several in one chunk', () => {
    const framer = new MllpFramer(1_000)
    const chunk = Buffer.concat([mllpFrame('MSH|one'), mllpFrame('MSH|two')])
    expect(frames(framer.push(chunk))).toEqual(['MSH|one', 'MSH|two'])
  })

  it('joins a frame split across chunks at any byte, including between <FS> and <CR>', () => {
    const whole = Buffer.concat([mllpFrame('MSH|first\rPV1|x'), mllpFrame('MSH|second')])
    for (let cut = 0; cut <= whole.length; cut++) {
      const framer = new MllpFramer(1_000)
      const events = [...framer.push(whole.subarray(0, cut)), ...framer.push(whole.subarray(cut))]
      expect(frames(events)).toEqual(['MSH|first\rPV1|x', 'MSH|second'])
      expect(events.filter((e) => e.kind === 'garbage')).toEqual([])
    }
  })

  it('reports bytes between frames as garbage and still yields the next frame', () => {
    const framer = new MllpFramer(1_000)
    const events = framer.push(
      Buffer.concat([Buffer.from('noise'), mllpFrame('MSH|ok'), Buffer.from('\r\n')]),
    )
    expect(events).toEqual([
      { kind: 'garbage', bytes: 5 },
      { kind: 'frame', payload: Buffer.from('MSH|ok') },
    ])
  })

  it('drops an unfinished frame when a new start block arrives', () => {
    const framer = new MllpFramer(1_000)
    const events = framer.push(
      Buffer.concat([Buffer.from([0x0b]), Buffer.from('MSH|lost'), mllpFrame('MSH|kept')]),
    )
    expect(frames(events)).toEqual(['MSH|kept'])
    expect(events[0]).toEqual({ kind: 'garbage', bytes: 8 })
  })

  it('skips an oversized frame without buffering it, keeps its head, and carries on', () => {
    const framer = new MllpFramer(1_024)
    const big = mllpFrame(`MSH|^~\\&|P|F|W|F|1||ADT^A01|BIG1|P|2.5\r${'x'.repeat(10_000)}`)
    const events = [
      ...framer.push(big.subarray(0, 600)),
      ...framer.push(big.subarray(600, 5_000)),
      ...framer.push(Buffer.concat([big.subarray(5_000), mllpFrame('MSH|next')])),
    ]
    expect(events).toHaveLength(2)
    const [oversized, next] = events
    expect(oversized?.kind).toBe('oversized')
    if (oversized?.kind === 'oversized') {
      expect(oversized.bytes).toBe(big.length - 3)
      expect(oversized.head.toString('utf8')).toContain('BIG1')
    }
    expect(next).toEqual({ kind: 'frame', payload: Buffer.from('MSH|next') })
    expect(framer.pendingBytes).toBe(0)
  })

  it('never throws and never yields a frame over the bound, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const framer = new MllpFramer(256)
        for (const chunk of chunks) {
          for (const e of framer.push(Buffer.from(chunk))) {
            if (e.kind === 'frame') expect(e.payload.length).toBeLessThanOrEqual(256)
          }
        }
      }),
    )
  })
})
