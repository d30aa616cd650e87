import { describe, expect, it } from 'vitest'
import { compareRuntimeModules, runtimeRequires } from './runtimeRequires.ts'

describe('runtimeRequires', () => {
  it("finds the packages a bundle loads at run time, not Node's builtins, Electron or text", () => {
    const bundle = [
      'import { createRequire } from "node:module";',
      'import { readFile } from "node:fs/promises";',
      'import "@scope/side-effect/register";',
      'var __require = (() => createRequire(import.meta.url))();',
      'var netSnmp = createRequire(import.meta.url)("net-snmp");',
      'const http = require("http"); const { app } = require("electron");',
      'const sub = __require("@redis/client/dist/index.js");',
      'const lazy = await import("pino");',
      'const doc = "import x from \\"yaml\\" is only text here"; obj.require("not-a-call");',
    ].join('\n')
    expect(runtimeRequires(bundle)).toEqual(['@redis/client', '@scope/side-effect', 'net-snmp', 'pino'])
  })

  it('names what the list lacks and what it packs for nothing', () => {
    expect(compareRuntimeModules(['net-snmp', 'old'], ['net-snmp', 'pino'])).toEqual({
      missing: ['pino'],
      unused: ['old'],
    })
  })
})
