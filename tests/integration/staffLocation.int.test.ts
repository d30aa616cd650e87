/**
 * Staff location goes only to the roles the trust names: a real gateway on 127.0.0.1 and real
 * socket.io clients. By default no role receives staff badges — not a wall (viewer), not the
 * command centre's operator — while equipment tags reach everyone; `privacy.staffLocationRoles`
 * turns it on for the roles listed, and for them alone.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Asset } from '../../shared/contracts/entities.ts'
import type { Snapshot } from '../../shared/contracts/feed.ts'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import type { SourceOp } from '../../gateway/ingest/sourceAdapter.ts'
import { startGateway, type RunningGateway } from '../../gateway/startGateway.ts'
import {
  batchesOf,
  connectClient,
  connected,
  createTestAdapter,
  makeAsset,
  testSiteModel,
  waitFor,
  type RecordingClient,
  type TestAdapter,
} from '../support/gatewayTestKit.ts'

const TOKENS = {
  admin: 'admin-token-0001',
  operator: 'operator-token-01',
  viewer: 'viewer-token-001',
  it: 'it-token-0000001',
} as const
type TokenRole = keyof typeof TOKENS

const running: { gateway: RunningGateway; clients: RecordingClient[] }[] = []

afterEach(async () => {
  for (const entry of running.splice(0)) {
    for (const client of entry.clients) client.close()
    await entry.gateway.close()
  }
})

const upsert = (entity: Asset): SourceOp => ({ topic: 'assets', op: 'upsert', entity })
const badge = (id: string, x: number): Asset =>
  makeAsset({ id, label: `SB-${id}`, type: 'staff-badge', siteId: 'site-a', x })
const pump = (id: string, x: number): Asset => makeAsset({ id, label: `IP-${id}`, siteId: 'site-a', x })

async function start(privacy?: { staffLocationRoles: TokenRole[] }): Promise<{
  adapter: TestAdapter
  connect(role: TokenRole): Promise<RecordingClient>
}> {
  const parsed = parseConfig(
    {
      server: { tickMs: 10 },
      tokens: (Object.keys(TOKENS) as TokenRole[]).map((role) => ({
        token: TOKENS[role],
        name: role,
        role,
      })),
      ...(privacy ? { privacy } : {}),
    },
    {},
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const adapter = createTestAdapter('test', [upsert(pump('pump-1', 1)), upsert(badge('badge-1', 1))])
  const gateway = await startGateway({
    config: parsed.config,
    adapters: [adapter],
    siteModel: testSiteModel,
    dataDir: ':memory:',
  })
  const entry = { gateway, clients: [] as RecordingClient[] }
  running.push(entry)
  return {
    adapter,
    connect: async (role) => {
      const client = connectClient(gateway.url, TOKENS[role])
      entry.clients.push(client)
      await connected(client)
      return client
    },
  }
}

async function assetIdsOf(client: RecordingClient): Promise<string[]> {
  const ack = await client.subscribe({ topics: ['assets'] })
  if (!ack.ok) throw new Error(`subscribe failed: ${ack.error}`)
  const snapshot = ack.snapshots.find(
    (s): s is Extract<Snapshot, { topic: 'assets' }> => s.topic === 'assets',
  )
  return (snapshot?.entities ?? []).map((a) => a.id).sort()
}

/** Moves the badge and the pump, then removes the badge, one batch each. */
async function moveAndRemove(adapter: TestAdapter, clients: readonly RecordingClient[]): Promise<void> {
  const batches = (n: number): Promise<void> =>
    waitFor(() => clients.every((c) => batchesOf(c, 'assets').length >= n), `asset batch ${n}`)
  adapter.emit([upsert(badge('badge-1', 5)), upsert(pump('pump-1', 5))])
  await batches(1)
  adapter.emit([{ topic: 'assets', op: 'remove', id: 'badge-1' }])
  // Every client gets every seq, empty for its view if need be: a viewer's gap-free replica.
  await batches(2)
}

const sentIds = (client: RecordingClient): string[] =>
  batchesOf(client, 'assets').flatMap((b) => [...b.upserts.map((a) => a.id), ...b.removes])

describe('staff badge positions by role', () => {
  it('go to no role by default: walls and operators get equipment, never people', async () => {
    const { adapter, connect } = await start()
    const clients = await Promise.all((['viewer', 'operator', 'it', 'admin'] as const).map(connect))
    for (const client of clients) expect(await assetIdsOf(client)).toEqual(['pump-1'])
    await moveAndRemove(adapter, clients)
    // The pump's move arrives; the badge's move and its removal never do.
    for (const client of clients) expect(sentIds(client)).toEqual(['pump-1'])
  })

  it('go to the roles the trust lists, and only to them', async () => {
    const { adapter, connect } = await start({ staffLocationRoles: ['admin'] })
    const viewer = await connect('viewer')
    const admin = await connect('admin')
    expect(await assetIdsOf(viewer)).toEqual(['pump-1'])
    expect(await assetIdsOf(admin)).toEqual(['badge-1', 'pump-1'])
    await moveAndRemove(adapter, [viewer, admin])
    expect(sentIds(viewer)).toEqual(['pump-1'])
    expect(sentIds(admin).sort()).toEqual(['badge-1', 'badge-1', 'pump-1'])
    const moved = batchesOf(admin, 'assets')[0]?.upserts.find((a) => a.id === 'badge-1')
    expect(moved?.x).toBe(5)
  })

  it('refuses a role that does not exist in the privacy setting, naming it', () => {
    const parsed = parseConfig({ privacy: { staffLocationRoles: ['security'] } }, {})
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error).toContain('privacy.staffLocationRoles')
  })
})
