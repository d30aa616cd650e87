/**
 * `GET /metrics` of a real gateway process, the way a trust's Prometheus scrapes it: the page
 * passes `promtool check metrics` (Debian's `prometheus` package ships promtool), every metric has
 * the one `watchfloor_` prefix, each source has its status, last message and zeroed counters before
 * it has sent anything, and a poison sender is counted in full while its log lines stay bounded.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/daemons.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'

const PROMTOOL_PACKAGE = 'prometheus'

/** promtool on PATH or where Debian puts it; the test needs it, so its absence is a clear failure. */
function findPromtool(): string {
  for (const candidate of ['promtool', '/usr/bin/promtool']) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate
  }
  throw new Error(
    `promtool not found: install the Debian package ${PROMTOOL_PACKAGE} (apt-get install -y --no-install-recommends ${PROMTOOL_PACKAGE})`,
  )
}

const REPO = join(import.meta.dirname, '../..')

/** Runs promtool with `args` from the repository root; exit code and everything it printed. */
function promtoolRun(promtool: string, args: readonly string[]): { code: number | null; output: string } {
  const result = spawnSync(promtool, args, { cwd: REPO, encoding: 'utf8' })
  return { code: result.status, output: `${result.stdout}${result.stderr}` }
}

/** Runs `promtool check metrics` on the page: exit code and what it said (problems, one a line). */
function promtoolCheck(promtool: string, page: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, output }))
    child.stdin.end(page)
  })
}

/** A port nothing listens on now (for the MLLP source's listener and a broker that is not there). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()))
    })
  })
}

/** The value of one series, by its exact name and labels as the page writes them; null when absent. */
function sample(page: string, series: string): number | null {
  const line = page.split('\n').find((candidate) => candidate.startsWith(series + ' '))
  return line === undefined ? null : Number(line.slice(series.length + 1))
}

const packageVersion = async (): Promise<string> =>
  (JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string }).version

let dir = ''
let promtool = ''
let gateway: GatewayProcess
let mllpPort = 0
const metrics = async (): Promise<string> => (await fetch(`${gateway.url}/metrics`)).text()

beforeAll(async () => {
  promtool = findPromtool()
  dir = await mkdtemp(join(tmpdir(), 'watchfloor-metrics-'))
  mllpPort = await freePort()
  const deadBroker = await freePort()
  const config = join(dir, 'gateway.yaml')
  await writeFile(
    config,
    [
      'sources:',
      '  - kind: demo',
      '    id: demo',
      '  - kind: hl7-mllp',
      '    id: pas-adt',
      '    host: 127.0.0.1',
      `    port: ${mllpPort}`,
      `    dataDir: ${join(dir, 'hl7')}`,
      '  - kind: mqtt',
      '    id: rtls-main',
      `    url: mqtt://127.0.0.1:${deadBroker}`,
      '    clientId: watchfloor-metrics-test',
      '    mapping: { tagId: tag, x: pos.x, y: pos.y, level: floor }',
    ].join('\n'),
  )
  gateway = await startGateway({ config, logLevel: 'warn' })
})

afterAll(async () => {
  await gateway?.stop()
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

describe('GET /metrics', () => {
  it('passes promtool check metrics, with one prefix on every metric', async () => {
    const page = await metrics()
    const result = await promtoolCheck(promtool, page)
    expect(result.output).toBe('')
    expect(result.code).toBe(0)
    const families = page
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ')[2] ?? '')
    expect(families.length).toBeGreaterThan(20)
    expect(families.filter((name) => !name.startsWith('watchfloor_'))).toEqual([])
    expect(families.filter((name) => name.startsWith('watchfloor_gateway_'))).toEqual([])
  })

  it('says which build runs', async () => {
    const page = await metrics()
    expect(sample(page, `watchfloor_build_info{version="${await packageVersion()}",feed_protocol="1"}`)).toBe(
      1,
    )
  })

  it('gives every source a status state set, a last-message time and counters at 0 before it sends', async () => {
    // The broker is not there: the MQTT source reports itself down within its first attempt.
    await waitFor(
      'the MQTT source not up',
      async () =>
        sample(await metrics(), 'watchfloor_source_status{source="rtls-main",kind="mqtt",status="up"}') === 0,
      { timeoutMs: 10_000 },
    )
    const page = await metrics()
    for (const [source, kind] of [
      ['demo', 'demo'],
      ['pas-adt', 'hl7-mllp'],
      ['rtls-main', 'mqtt'],
    ] as const) {
      const states = ['up', 'degraded', 'down'].map((status) =>
        sample(page, `watchfloor_source_status{source="${source}",kind="${kind}",status="${status}"}`),
      )
      // Exactly one status holds at a time.
      expect(
        states.filter((value) => value === 1),
        `${source}: ${states.join(',')}`,
      ).toHaveLength(1)
      expect(states.filter((value) => value === 0)).toHaveLength(2)
      expect(sample(page, `watchfloor_source_rejected_total{source="${source}"}`)).not.toBeNull()
      expect(sample(page, `watchfloor_source_errors_total{source="${source}"}`)).not.toBeNull()
    }
    expect(sample(page, 'watchfloor_source_status{source="pas-adt",kind="hl7-mllp",status="up"}')).toBe(1)

    // The demo has delivered: its last message is recent. The PAS has sent nothing: 0, and its
    // counters are there at 0 for each topic and result, so rate() sees its first message.
    const demoLast = sample(
      page,
      'watchfloor_source_last_message_timestamp_seconds{source="demo",kind="demo"}',
    )
    expect(demoLast).not.toBeNull()
    expect(Math.abs((demoLast ?? 0) - Date.now() / 1000)).toBeLessThan(120)
    expect(
      sample(page, 'watchfloor_source_last_message_timestamp_seconds{source="pas-adt",kind="hl7-mllp"}'),
    ).toBe(0)
    expect(sample(page, 'watchfloor_source_rejected_total{source="pas-adt"}')).toBe(0)
    expect(sample(page, 'watchfloor_ingest_ops_total{source="pas-adt",topic="beds",result="accepted"}')).toBe(
      0,
    )
    expect(sample(page, 'watchfloor_ingest_ops_total{source="pas-adt",topic="beds",result="rejected"}')).toBe(
      0,
    )
    expect(
      sample(page, 'watchfloor_ingest_ops_total{source="demo",topic="beds",result="accepted"}'),
    ).toBeGreaterThan(0)
    for (const topic of ['beds', 'assets', 'network', 'cyber']) {
      expect(sample(page, `watchfloor_batch_entities_count{topic="${topic}"}`)).not.toBeNull()
    }
  })

  it('counts every frame of a poison sender while its log lines stay bounded', async () => {
    const frames = 3000
    const socket = connect(mllpPort, '127.0.0.1')
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    // Each frame is framed correctly but is not HL7: each one is rejected and counted. Sent in
    // bursts a sender may pipeline (the transport closes one that sends more than MAX_PIPELINED
    // without reading its ACKs), each burst once the last is answered.
    socket.resume()
    const burst = 1000
    for (let sent = 0; sent < frames; sent += burst) {
      socket.write(Buffer.from('\x0bNOT HL7 AT ALL\x1c\r'.repeat(burst), 'latin1'))
      await waitFor(
        `${sent + burst} rejects counted`,
        async () =>
          sample(await metrics(), 'watchfloor_source_rejected_total{source="pas-adt"}') === sent + burst,
        { timeoutMs: 20_000 },
      )
    }
    socket.destroy()
    const page = await metrics()
    expect(sample(page, 'watchfloor_source_rejected_total{source="pas-adt"}')).toBe(frames)
    expect((await promtoolCheck(promtool, page)).code).toBe(0)
    // Within one repeat window: at most 20 lines per scope + message, whatever the flood.
    const lines = gateway
      .stderr()
      .split('\n')
      .filter((line) => line.includes('"scope":"gateway.') && line.includes('pas-adt'))
    const perKey = new Map<string, number>()
    for (const line of lines) {
      const record = JSON.parse(line) as { scope: string; msg: string }
      const key = `${record.scope} ${record.msg}`
      perKey.set(key, (perKey.get(key) ?? 0) + 1)
    }
    // The ingest's reject line reached its cap (so the flood was logged up to it) and no further.
    expect(perKey.get('gateway.ingest.pas-adt rejected')).toBe(20)
    for (const [key, count] of perKey) expect(count, key).toBeLessThanOrEqual(20)
    expect(lines.length).toBeLessThan(100)
  })

  it('has example alert rules (docs/prometheus) that promtool accepts and that fire on a dead feed', () => {
    const check = promtoolRun(promtool, ['check', 'rules', 'docs/prometheus/watchfloor-alerts.yml'])
    expect(check.output).toContain('SUCCESS')
    expect(check.code).toBe(0)
    const test = promtoolRun(promtool, [
      'test',
      'rules',
      'tests/fixtures/prometheus/watchfloor-alerts.test.yml',
    ])
    expect(test.output).toContain('SUCCESS')
    expect(test.code).toBe(0)
  })
})
