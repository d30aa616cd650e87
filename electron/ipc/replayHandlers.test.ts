import { describe, expect, it } from 'vitest'
import { T0, fakePort, setupReplayPorts as setup } from '../../tests/support/replayPortsFixture.ts'

import { replayHandlers } from './replayHandlers.ts'
import { IpcChannel } from '../../shared/contracts/ipc.ts'
import { createLogger } from '../services/logger.ts'

describe('replay IPC (electron/ipc/replayHandlers.ts)', () => {
  it('answers an IPC replay command only for our windows, for the sending window', async () => {
    const { ports } = setup()
    ports.wrap(7, fakePort())
    const handlers = replayHandlers({
      replay: () => ports,
      history: () => null,
      exportReport: async () => ({ ok: true, value: '' }),
      isOurWindow: (id) => id === 7,
      log: createLogger('test', () => undefined),
    })
    const replay = handlers.find((h) => h.channel === IpcChannel.replay)
    const event = (id: number) => ({
      sender: { id },
      senderFrame: { url: 'app://watchfloor/index.html', parent: null },
    })
    expect(await replay?.invoke(event(8) as never, { type: 'seek', at: T0 })).toMatchObject({
      ok: false,
      error: 'forbidden-sender',
    })
    expect(await replay?.invoke(event(7) as never, { type: 'seek', at: T0 })).toEqual({
      ok: true,
      value: null,
    })
    expect(await replay?.invoke(event(7) as never, { type: 'warp' })).toMatchObject({
      ok: false,
      error: 'invalid-arguments',
    })
  })
})
