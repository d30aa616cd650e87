import { describe, expect, it } from 'vitest'
import { findMissingPeers, planPeers, systemPeers, type PeerSystem } from './ensurePeers.ts'

/** A machine with exactly these files (commands are files under /usr/bin). */
const machine = (files: readonly string[]): PeerSystem => ({
  isExecutable: (path) => files.includes(path),
  isFile: (path) => files.includes(path),
  pathDirs: ['/usr/local/bin', '/usr/bin'],
})

const EVERYTHING = [
  '/usr/bin/chromium',
  '/usr/sbin/mosquitto',
  '/usr/bin/mosquitto_pub',
  '/usr/sbin/snmpd',
  '/usr/bin/snmptrap',
  '/usr/bin/redis-server',
  '/usr/bin/logger',
  '/usr/bin/curl',
  '/usr/bin/openssl',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/bin/promtool',
]

const context = { isRoot: false, hasAptGet: true, mayInstall: true, env: {} }

describe('ensurePeers', () => {
  it('finds nothing missing on a machine with every peer', () => {
    expect(findMissingPeers(systemPeers({}), machine(EVERYTHING))).toEqual([])
    expect(planPeers([], context)).toEqual({ action: 'none' })
  })

  it('names the Debian package of each missing peer, by the path the tests spawn', () => {
    const without = EVERYTHING.filter((f) => f !== '/usr/sbin/mosquitto' && f !== '/usr/bin/promtool')
    const missing = findMissingPeers(systemPeers({}), machine(without))
    expect(missing.map((peer) => peer.debianPackage)).toEqual(['mosquitto', 'prometheus'])
  })

  it('installs with apt-get as root', () => {
    const missing = findMissingPeers(systemPeers({}), machine([]))
    expect(planPeers(missing, { ...context, isRoot: true })).toEqual({
      action: 'install',
      packages: [
        'chromium',
        'mosquitto',
        'mosquitto-clients',
        'snmpd',
        'snmp',
        'redis-server',
        'bsdutils',
        'curl',
        'openssl',
        'fonts-dejavu-core',
        'prometheus',
      ],
    })
  })

  it('stops with one line naming the packages and the sudo command when not root', () => {
    const missing = findMissingPeers(systemPeers({}), machine(EVERYTHING.slice(1)))
    const plan = planPeers(missing, context)
    expect(plan.action).toBe('stop')
    if (plan.action !== 'stop') return
    expect(plan.line).not.toContain('\n')
    expect(plan.line).toContain('missing here: chromium;')
    expect(plan.line).toContain('sudo apt-get install -y chromium')
    expect(plan.line).toContain('npm run test:unit')
  })

  it('stops rather than installs when told not to (--check), and without apt-get names the packages only', () => {
    const missing = findMissingPeers(systemPeers({}), machine(EVERYTHING.slice(1)))
    expect(planPeers(missing, { ...context, isRoot: true, mayInstall: false })).toMatchObject({
      action: 'stop',
      line: expect.stringContaining('apt-get install -y chromium'),
    })
    const noApt = planPeers(missing, { ...context, hasAptGet: false })
    expect(noApt).toMatchObject({ action: 'stop' })
    if (noApt.action === 'stop') expect(noApt.line).not.toContain('apt-get')
  })

  it('treats a CHROMIUM_PATH that points nowhere as a mistake to fix, not a package to install', () => {
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome' }
    const missing = findMissingPeers(systemPeers(env), machine(EVERYTHING))
    expect(missing.map((peer) => peer.debianPackage)).toEqual(['chromium'])
    expect(planPeers(missing, { ...context, isRoot: true, env })).toEqual({
      action: 'stop',
      line: expect.stringContaining('CHROMIUM_PATH is /opt/chrome/chrome, which does not exist'),
    })
  })
})
