import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineSource } from '../ingest/defineSource.ts'
import { loadConfig, parseConfig } from './loadConfig.ts'

const fakeSource = (kind: 'syslog' | 'snmp') =>
  defineSource({
    kind,
    schema: z.object({ kind: z.literal(kind), id: z.string().min(1), port: z.number().int() }).strict(),
    create: () => {
      throw new Error('not used')
    },
  })
const registry = { syslog: fakeSource('syslog'), snmp: fakeSource('snmp') }

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfloor-config-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('config', () => {
  it('applies defaults: loopback, a free port, no tokens, no sources', () => {
    const result = parseConfig({}, registry)
    expect(result).toMatchObject({
      ok: true,
      config: { server: { host: '127.0.0.1', port: 0, tickMs: 25 }, tokens: [], sources: [], origins: [] },
    })
  })

  it('names the bad key path of a source, whatever its kind', () => {
    const result = parseConfig(
      {
        sources: [
          { kind: 'syslog', id: 'siem', port: 514 },
          { kind: 'snmp', id: 'net', port: 161 },
          { kind: 'syslog', id: 'siem-2', port: '1514' },
        ],
      },
      registry,
    )
    expect(result).toEqual({ ok: false, error: 'config: sources[2].port: expected number, received string' })
  })

  it('names an unknown source kind, an unknown key, a bad role and a duplicate id', () => {
    const result = parseConfig(
      {
        sources: [
          { kind: 'carrier-pigeon', id: 'x' },
          { kind: 'snmp', id: 'net', port: 161, community: 'public' },
        ],
        tokens: [{ token: 'short', name: 'Wall', role: 'root' }],
        server: { port: 70000 },
      },
      registry,
    )
    expect(result.ok).toBe(false)
    const error = result.ok ? '' : result.error
    expect(error).toContain('config: sources[0].kind:')
    expect(error).toContain('config: sources[1].community: unknown key')
    expect(error).toContain('config: tokens[0].token: tokens must be at least 8 characters')
    expect(error).toContain('config: tokens[0].role:')
    expect(error).toContain('config: server.port:')
    const dup = parseConfig(
      {
        sources: [
          { kind: 'snmp', id: 'a', port: 1 },
          { kind: 'syslog', id: 'a', port: 2 },
        ],
      },
      registry,
    )
    expect(dup).toEqual({ ok: false, error: 'config: sources[1].id: duplicate source id "a"' })
  })

  it('reads YAML and JSON files and reports a file that does not parse', async () => {
    const yamlFile = join(dir, 'gateway.yaml')
    await writeFile(
      yamlFile,
      'server:\n  port: 8740\ntokens:\n  - { token: wall-token-1, name: Wall 1, role: viewer }\n',
    )
    const yaml = await loadConfig(yamlFile, registry)
    expect(yaml).toMatchObject({
      ok: true,
      value: { dir, config: { server: { port: 8740 }, tokens: [{ name: 'Wall 1' }] } },
    })

    const jsonFile = join(dir, 'gateway.json')
    await writeFile(
      jsonFile,
      JSON.stringify({ origins: ['app://watchfloor', 'https://wall.example.nhs.uk/path'] }),
    )
    expect(await loadConfig(jsonFile, registry)).toMatchObject({
      ok: false,
      error: expect.stringContaining('config: origins[1]: expected an origin'),
    })

    const broken = join(dir, 'broken.json')
    await writeFile(broken, '{ "server": ')
    expect(await loadConfig(broken, registry)).toMatchObject({
      ok: false,
      error: expect.stringContaining('is not valid JSON'),
    })
    expect(await loadConfig(join(dir, 'missing.yaml'), registry)).toMatchObject({
      ok: false,
      error: expect.stringContaining('ENOENT'),
    })
  })

  it('refuses a file whose top level is a list or a scalar, and reads an empty file as defaults', async () => {
    const list = join(dir, 'list.yaml')
    await writeFile(list, '- server:\n    port: 8740\n- tokens: []\n')
    expect(await loadConfig(list, registry)).toEqual({
      ok: false,
      error: `config: ${list}: the top level must be a mapping of keys (server:, tokens:, sources: …), not a list`,
    })
    const scalar = join(dir, 'scalar.json')
    await writeFile(scalar, '"server"')
    expect(await loadConfig(scalar, registry)).toMatchObject({
      ok: false,
      error: expect.stringContaining(
        'must be a mapping of keys (server:, tokens:, sources: …), not a string',
      ),
    })
    const empty = join(dir, 'empty.yaml')
    await writeFile(empty, '# nothing configured yet\n')
    expect(await loadConfig(empty, registry)).toMatchObject({
      ok: true,
      value: { config: { server: { host: '127.0.0.1', port: 0 }, sources: [] } },
    })
  })
})
