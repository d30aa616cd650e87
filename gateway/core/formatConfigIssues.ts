import type { z } from 'zod'

/** `['sources', 2, 'port']` → `sources[2].port`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out
}

/**
 * One line per issue, naming the key path: `config: sources[2].port: expected number, received
 * string`. Values are never echoed (a config holds tokens).
 */
export function formatConfigIssues(issues: readonly z.core.$ZodIssue[], prefix = 'config'): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map((key) => `${prefix}: ${formatIssuePath([...issue.path, key])}: unknown key`)
          .join('\n')
      }
      const where = formatIssuePath(issue.path)
      const message = issue.message.replace(/^Invalid input: /, '')
      return `${prefix}: ${where === '' ? '(root)' : where}: ${message}`
    })
    .join('\n')
}
