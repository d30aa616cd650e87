import { readFileSync } from 'node:fs'
import { z } from 'zod'

/** The version in package.json, reported in `hello` and `/healthz`. */
export const GATEWAY_VERSION: string = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))).version
