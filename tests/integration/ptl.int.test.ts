/**
 * The PTL source through a real CLI gateway (`node gateway/main.ts --config …`): an extract
 * uploaded over HTTP and one dropped into the watched folder reach a socket.io client after
 * commit; bad rows come back with their line numbers; a repeated upload writes nothing; and the
 * canary values of a file that carries patient identifiers (tests/fixtures/ptl/canaries.json)
 * appear nowhere past the gateway: not in its log, its change log, the wire or its metrics.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WaitingEntity } from '../../shared/contracts/waiting.ts'
import {
  batchesOf,
  connectClient,
  connected,
  waitFor,
  type RecordingClient,
} from '../support/gatewayTestKit.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'

const TOKEN = 'ptl-test-token-0001'
const SECRET = 'ptl-upload-secret-0123456789'
const FIXTURES = new URL('../fixtures/ptl/', import.meta.url)
const CANARIES = (
  JSON.parse(readFileSync(new URL('canaries.json', FIXTURES), 'utf8')) as { values: string[] }
).values
const WITH_IDENTIFIERS = readFileSync(new URL('with-identifiers.csv', FIXTURES))
const HEADER =
  'pathway_id,treatment_function_code,priority,clock_start_date,stage,tci_date,provider_site_code'

let dir = ''
let dropDir = ''
let dataDir = ''
let gateway: GatewayProcess | null = null
let client: RecordingClient | null = null
let snapshot: WaitingEntity[] = []
let uploadPort = 0

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const upload = (body: Buffer | string): Promise<Response> =>
  fetch(`http://127.0.0.1:${uploadPort}/ptl`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'x-watchfloor-secret': SECRET },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  })

/** The waiting entities the client holds: its snapshot with every batch applied. */
function replica(): Map<string, WaitingEntity> {
  const map = new Map(snapshot.map((e) => [e.id, e]))
  for (const batch of batchesOf(client as RecordingClient, 'waiting')) {
    for (const entity of batch.upserts) map.set(entity.id, entity)
    for (const id of batch.removes) map.delete(id)
  }
  return map
}
const pathways = (): WaitingEntity[] => [...replica().values()].filter((e) => e.kind === 'pathway')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfloor-ptl-'))
  dropDir = join(dir, 'drop')
  dataDir = join(dir, 'data')
  uploadPort = await freePort()
  const config = {
    server: { tickMs: 20, sourcesIntervalMs: 200 },
    sources: [
      {
        kind: 'ptl',
        id: 'ptl',
        watch: { dir: dropDir, pollSeconds: 0.1, settleSeconds: 0 },
        http: { port: uploadPort, secret: SECRET },
      },
    ],
  }
  const file = join(dir, 'gateway.yaml')
  await writeFile(file, JSON.stringify(config))
  gateway = await startGateway({ config: file, token: TOKEN, dataDir, logLevel: 'debug' })
  client = connectClient(gateway.url, TOKEN)
  await connected(client)
  const ack = await client.subscribe({ topics: ['waiting'] })
  if (!ack.ok) throw new Error(ack.error)
  snapshot = (ack.snapshots.find((s) => s.topic === 'waiting')?.entities ?? []) as WaitingEntity[]
})

afterAll(async () => {
  client?.close()
  await gateway?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('the PTL through a CLI gateway', () => {
  it('takes an HTTP upload row by row: identifiers dropped, bad rows reported by line, the rest on the wire', async () => {
    expect(snapshot).toEqual([])
    const response = await upload(WITH_IDENTIFIERS)
    expect(response.status).toBe(200)
    const report = (await response.json()) as Record<string, unknown>
    expect(report).toMatchObject({
      outcome: 'applied',
      rows: 4,
      accepted: 3,
      rejected: 1,
      rejections: [{ line: 5, error: 'clock-start' }],
      droppedColumns: {
        identifying: [
          'NHS Number',
          'Forename',
          'Surname',
          'Date of Birth',
          'Address Line 1',
          'Postcode',
          'Hospital Number',
        ],
        other: ['Comments'],
      },
    })
    await waitFor(() => pathways().length === 3, 'three pathways on the wire')
    const day = [...replica().values()].find((e) => e.kind === 'day')
    expect(day).toMatchObject({ kind: 'day', trustId: 'watchfloor', source: 'ptl' })
    expect(
      pathways()
        .map((p) => p.kind === 'pathway' && p.treatmentFunction)
        .sort(),
    ).toEqual(['101', '110', '130'])
  })

  it('writes nothing for a repeated upload: no batch, the same seq', async () => {
    const seqBefore = (
      (await (await fetch(`${gateway?.url}/healthz`)).json()) as { seqs: Record<string, number> }
    ).seqs
    const batchesBefore = batchesOf(client as RecordingClient, 'waiting').length
    const response = await upload(WITH_IDENTIFIERS)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ outcome: 'unchanged', added: 0, updated: 0, removed: 0 })
    // A later `sources` event follows anything the commit would have sent.
    const sourcesSeen = (client as RecordingClient).sources.length
    await waitFor(
      () => (client as RecordingClient).sources.length > sourcesSeen + 1,
      'two more sources events',
    )
    expect(batchesOf(client as RecordingClient, 'waiting')).toHaveLength(batchesBefore)
    const seqAfter = (
      (await (await fetch(`${gateway?.url}/healthz`)).json()) as { seqs: Record<string, number> }
    ).seqs
    expect(seqAfter['waiting']).toBe(seqBefore['waiting'])
  })

  it('takes an extract dropped into the watched folder, replacing the list, and moves the file aside', async () => {
    const next = [
      HEADER,
      'CANARYPW000001,110,P2,2026-06-01,admitted,,RXK02',
      'NEWPW0001,320,P3,2026-11-02,outpatient,,',
    ].join('\n')
    // Written under another name and renamed in, as docs/ptl.md asks of a PAS export job.
    await writeFile(join(dropDir, '.incoming.tmp'), next)
    await rename(join(dropDir, '.incoming.tmp'), join(dropDir, 'ptl-extract.csv'))
    await waitFor(() => pathways().length === 2, 'the dropped extract to replace the list')
    expect(
      pathways()
        .map((p) => p.kind === 'pathway' && p.treatmentFunction)
        .sort(),
    ).toEqual(['110', '320'])
    // Moved once committed: poll the folder until it is.
    let processed: string[] = []
    for (let i = 0; i < 200 && processed.length === 0; i += 1) {
      processed = await readdir(join(dropDir, 'processed'))
      if (processed.length === 0) await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(processed).toEqual([expect.stringMatching(/-ptl-extract\.csv$/)])
    expect(await readdir(dropDir)).not.toContain('ptl-extract.csv')
    const health = (await (await fetch(`${gateway?.url}/healthz`)).json()) as {
      sources: { id: string; status: string; rejectedCount: number; detail: string }[]
    }
    expect(health.sources.find((s) => s.id === 'ptl')).toMatchObject({
      status: 'up',
      rejectedCount: 2,
      detail: expect.stringContaining('2 pathways, no row rejected'),
    })
  })

  it('lets no canary past the gateway: not its log, change log, wire or metrics', async () => {
    const metrics = await (await fetch(`${gateway?.url}/metrics`)).text()
    expect(metrics).toMatch(/watchfloor_source_rejected_total\{source="ptl"\} 2/)
    const log = gateway?.stderr() ?? ''
    expect(log).toContain('ptl extract line 5: clock-start')
    expect(log).toContain('ptl extract carried identifying columns')
    const wire = JSON.stringify({
      snapshot,
      batches: client?.batches,
      sources: client?.sources,
      hellos: client?.hellos,
    })
    const changeLog = (
      await Promise.all((await readdir(dataDir)).map((name) => readFile(join(dataDir, name))))
    )
      .map((bytes) => bytes.toString('latin1'))
      .join('\n')
    expect(changeLog.length).toBeGreaterThan(0)
    expect(wire).toContain('pw:')
    for (const canary of CANARIES) {
      for (const [where, text] of [
        ['log', log],
        ['change log', changeLog],
        ['wire', wire],
        ['metrics', metrics],
      ] as const) {
        expect({ where, canary, found: text.includes(canary) }).toEqual({ where, canary, found: false })
      }
    }
  })
})
