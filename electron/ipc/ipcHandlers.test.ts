import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, IpcChannel } from '../../shared/contracts/ipc.ts'
import type { IpcChannelName, WindowContext } from '../../shared/contracts/ipc.ts'
import type { WindowDirectory } from '../core/windowDirectory.ts'
import { createMemoryLogger } from '../services/logger.ts'
import { alarmHandlers } from './alarmHandlers.ts'
import { dataHandlers } from './dataHandlers.ts'
import type { HubActions } from '../core/hubActions.ts'
import { checkSender } from './checkSender.ts'
import type { IpcSenderEvent } from './checkSender.ts'
import type { IpcHandler } from './defineHandler.ts'
import { windowHandlers } from './windowHandlers.ts'

const OUR_WINDOW = 7
const context: WindowContext = {
  mode: 'wall',
  displayNumber: 1,
  displayCount: 1,
  boardId: null,
  rotation: null,
  soundWindow: true,
  mute: { mutedUntil: null },
  appVersion: 'test',
}

const fromApp = (id = OUR_WINDOW): IpcSenderEvent => ({
  sender: { id },
  senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null },
})

function setup() {
  const { logger, lines } = createMemoryLogger()
  const boards: string[] = []
  const acks: unknown[] = []
  const kpiRequests: unknown[] = []
  const directory: WindowDirectory = {
    contextFor: (id) => (id === OUR_WINDOW ? context : null),
    setBoard: (id, boardId) => {
      if (id !== OUR_WINDOW) return null
      boards.push(boardId)
      return { ...context, boardId }
    },
    reportBoards: () => undefined,
    identify: () => undefined,
    broadcastContext: () => undefined,
    windows: () => [],
    soundWindow: () => null,
  }
  const hub: HubActions = {
    alertAck: async (r) => {
      acks.push(r)
      return { ok: true, ack: { by: 'wall', at: 1, note: r.note } }
    },
    alarmAction: async () => ({ ok: false, error: 'unknown alarm' }),
    alertRespond: async () => ({ ok: false, error: 'no such alert' }),
    nhsAlertRecord: async () => ({ ok: false, error: 'role viewer may not record NHS cyber alerts' }),
  }
  const handlers = [
    ...windowHandlers({ directory, connectHub: () => true, log: logger }),
    ...alarmHandlers({
      hub: () => hub,
      mute: { setMute: (until) => ({ mutedUntil: until }) },
      history: () => [],
      isOurWindow: (id) => id === OUR_WINDOW,
      log: logger,
    }),
    ...dataHandlers({
      documents: {
        floorPlan: async () => ({ ok: true, value: { type: 'FeatureCollection' } }),
        sitrep: async () => ({ ok: true, value: { day: '2026-11-21' } }),
        kpiSeries: async (request) => {
          kpiRequests.push(request)
          return { ok: true, value: { kpiId: request.kpiId, stepMs: 900_000, points: [] } }
        },
      },
      isOurWindow: (id) => id === OUR_WINDOW,
      log: logger,
    }),
  ]
  const handler = (channel: IpcChannelName): IpcHandler => {
    const h = handlers.find((x) => x.channel === channel)
    if (h === undefined) throw new Error(`no handler for ${channel}`)
    return h
  }
  return { handler, handlers, lines, boards, acks, kpiRequests }
}

describe('checkSender', () => {
  it('accepts only the top-level app:// frame', () => {
    expect(checkSender(fromApp())).toEqual({ ok: true, webContentsId: OUR_WINDOW })
    expect(checkSender({ sender: { id: 1 }, senderFrame: null })).toMatchObject({ reason: 'no-frame' })
    expect(
      checkSender({
        sender: { id: 1 },
        senderFrame: { url: `${APP_ORIGIN}/x`, parent: { url: 'app://watchfloor/' } },
      }),
    ).toMatchObject({ reason: 'not-top-level' })
    expect(
      checkSender({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } }),
    ).toMatchObject({
      reason: 'wrong-origin',
    })
    // A prefix match would accept these; a parsed origin does not.
    expect(
      checkSender({
        sender: { id: 1 },
        senderFrame: { url: 'app://watchfloor.evil.example/', parent: null },
      }),
    ).toMatchObject({ reason: 'wrong-origin' })
    expect(
      checkSender({ sender: { id: 1 }, senderFrame: { url: 'file:///etc/passwd', parent: null } }),
    ).toMatchObject({
      reason: 'wrong-origin',
    })
    expect(checkSender({ sender: { id: 1 }, senderFrame: { url: 'not a url', parent: null } })).toMatchObject(
      {
        reason: 'bad-url',
      },
    )
  })
})

describe('IPC handlers', () => {
  it('registers one handler per invoke channel, each exactly once', () => {
    const { handlers } = setup()
    const channels = handlers.map((h) => h.channel)
    expect(new Set(channels).size).toBe(channels.length)
    expect(channels.sort()).toEqual(
      [
        IpcChannel.windowContext,
        IpcChannel.connectHub,
        IpcChannel.setBoard,
        IpcChannel.boardsAvailable,
        IpcChannel.identify,
        IpcChannel.alertAck,
        IpcChannel.alarmAction,
        IpcChannel.alertRespond,
        IpcChannel.nhsAlertRecord,
        IpcChannel.mute,
        IpcChannel.alarmHistory,
        IpcChannel.floorPlan,
        IpcChannel.sitrep,
        IpcChannel.kpiSeries,
      ].sort(),
    )
  })

  it('refuses every channel from a wrong sender without running it', async () => {
    const { handlers, boards, acks, lines } = setup()
    const evil: IpcSenderEvent = {
      sender: { id: OUR_WINDOW },
      senderFrame: { url: 'https://evil.example/', parent: null },
    }
    for (const h of handlers) {
      expect(await h.invoke(evil, { boardId: 'capacity' })).toMatchObject({
        ok: false,
        error: 'forbidden-sender',
      })
    }
    expect(boards).toEqual([])
    expect(acks).toEqual([])
    expect(lines.filter((l) => l.message === 'ipc refused: sender')).toHaveLength(handlers.length)
  })

  it('refuses a sender that is an app:// page but not one of our windows', async () => {
    const { handler } = setup()
    expect(await handler(IpcChannel.setBoard).invoke(fromApp(99), { boardId: 'capacity' })).toMatchObject({
      ok: false,
      error: 'forbidden-sender',
    })
    expect(await handler(IpcChannel.mute).invoke(fromApp(99), { until: null })).toMatchObject({ ok: false })
  })

  it('refuses bad arguments with a message naming the problem, and never throws', async () => {
    const { handler, boards } = setup()
    const setBoard = handler(IpcChannel.setBoard)
    for (const bad of [
      undefined,
      null,
      'capacity',
      { boardId: '../../etc' },
      { boardId: 'x'.repeat(65) },
      { boardId: 3 },
    ]) {
      const result = await setBoard.invoke(fromApp(), bad)
      expect(result).toMatchObject({ ok: false, error: 'invalid-arguments' })
    }
    expect(await setBoard.invoke(fromApp(), { boardId: 'a' }, 'extra')).toMatchObject({
      error: 'invalid-arguments',
    })
    expect(await handler(IpcChannel.windowContext).invoke(fromApp(), { sneaky: true })).toMatchObject({
      error: 'invalid-arguments',
    })
    expect(
      await handler(IpcChannel.alertAck).invoke(fromApp(), { alertId: 'a1', note: '   ' }),
    ).toMatchObject({
      error: 'invalid-arguments',
      message: expect.stringContaining('note'),
    })
    expect(boards).toEqual([])
  })

  it('runs valid calls from our window', async () => {
    const { handler, boards, acks } = setup()
    expect(await handler(IpcChannel.windowContext).invoke(fromApp())).toEqual({ ok: true, value: context })
    expect(await handler(IpcChannel.setBoard).invoke(fromApp(), { boardId: 'site-manager' })).toMatchObject({
      ok: true,
      value: { boardId: 'site-manager' },
    })
    expect(boards).toEqual(['site-manager'])
    expect(await handler(IpcChannel.alertAck).invoke(fromApp(), { alertId: 'a1', note: 'on it' })).toEqual({
      ok: true,
      value: { by: 'wall', at: 1, note: 'on it' },
    })
    expect(acks).toHaveLength(1)
  })

  it('turns a gateway refusal into a failed result', async () => {
    const { handler } = setup()
    expect(
      await handler(IpcChannel.alarmAction).invoke(fromApp(), {
        action: 'acknowledge',
        fingerprint: 'f',
        note: '',
      }),
    ).toEqual({ ok: false, error: 'failed', message: 'unknown alarm' })
    expect(
      await handler(IpcChannel.alertRespond).invoke(fromApp(), {
        alertId: 'a1',
        action: 'resolve',
        note: 'fixed',
      }),
    ).toEqual({ ok: false, error: 'failed', message: 'no such alert' })
    expect(
      await handler(IpcChannel.nhsAlertRecord).invoke(fromApp(), { reference: 'CC-1', title: 'Advisory' }),
    ).toEqual({ ok: false, error: 'failed', message: 'role viewer may not record NHS cyber alerts' })
  })

  it('passes a KPI series request on to the gateway only when it parses', async () => {
    const { handler, kpiRequests } = setup()
    const kpiSeries = handler(IpcChannel.kpiSeries)
    expect(await kpiSeries.invoke(fromApp(), { kpiId: 'beds.free', siteId: 'site-n' })).toEqual({
      ok: true,
      value: { kpiId: 'beds.free', stepMs: 900_000, points: [] },
    })
    for (const bad of [
      undefined,
      { kpiId: '' },
      { kpiId: '../v1/admin' },
      { kpiId: 'beds.free', siteId: 3 },
    ]) {
      expect(await kpiSeries.invoke(fromApp(), bad)).toMatchObject({ ok: false, error: 'invalid-arguments' })
    }
    expect(await kpiSeries.invoke(fromApp(99), { kpiId: 'beds.free' })).toMatchObject({
      ok: false,
      error: 'forbidden-sender',
    })
    expect(kpiRequests).toEqual([{ kpiId: 'beds.free', siteId: 'site-n' }])
  })

  it('refuses a cyber alert step that does not parse, before it reaches the hub', async () => {
    const { handler } = setup()
    expect(
      await handler(IpcChannel.alertRespond).invoke(fromApp(), {
        alertId: 'a1',
        action: 'delete',
        note: 'x',
      }),
    ).toMatchObject({ ok: false, error: 'invalid-arguments' })
    expect(
      await handler(IpcChannel.nhsAlertRecord).invoke(fromApp(), { reference: 'not-a-ref', title: 'x' }),
    ).toMatchObject({ ok: false, error: 'invalid-arguments' })
  })
})
