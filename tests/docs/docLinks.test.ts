/**
 * The repository is what a trust's IT team receives, so its documentation must stand alone: every
 * relative link in README.md and docs/ reaches a file in the repository (and a heading, when it
 * names one), every repository path the docs quote in backticks exists, and nothing points at
 * design notes that are not shipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

const markdownFiles = (): string[] => {
  const files = ['README.md']
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) files.push(path)
    }
  }
  walk('docs')
  return files
}

/** The text outside fenced code blocks (links and headings there are examples, not references). */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '')

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (match[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

type Link = { readonly file: string; readonly target: string }

function relativeLinks(file: string): Link[] {
  const text = prose(readFileSync(join(ROOT, file), 'utf8')).replace(/`[^`\n]*`/g, '')
  const links: Link[] = []
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = match[1] ?? ''
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto: …
    links.push({ file, target })
  }
  return links
}

/** Why a link does not resolve, or null when it does. */
function brokenReason(link: Link): string | null {
  const [pathPart = '', anchor] = link.target.split('#', 2)
  const targetFile = pathPart === '' ? join(ROOT, link.file) : resolve(ROOT, dirname(link.file), pathPart)
  if (!targetFile.startsWith(ROOT)) return 'points outside the repository'
  if (!existsSync(targetFile)) return `${relative(ROOT, targetFile)} does not exist`
  if (anchor !== undefined && anchor !== '' && targetFile.endsWith('.md')) {
    if (!headingAnchors(readFileSync(targetFile, 'utf8')).has(anchor.toLowerCase()))
      return `${relative(ROOT, targetFile)} has no heading #${anchor}`
  }
  return null
}

/** Repository paths quoted in backticks, e.g. `tests/support/daemons.ts` (not built outputs). */
function quotedPaths(file: string): string[] {
  const text = prose(readFileSync(join(ROOT, file), 'utf8'))
  const paths: string[] = []
  for (const match of text.matchAll(/`([a-z][\w.-]*\/[\w./-]+\.(?:ts|tsx|md|yaml|json|cjs|mjs|sh))`/g)) {
    const path = match[1] ?? ''
    if (/^(out|node_modules|release|test-results)\//.test(path)) continue
    paths.push(path)
  }
  return paths
}

describe('documentation links', () => {
  const files = markdownFiles()

  it('finds the docs to check', () => {
    expect(files).toContain('README.md')
    expect(files).toContain('docs/architecture.md')
    expect(files.length).toBeGreaterThan(10)
  })

  it('resolves every relative link in README.md and docs/ to a file, and to a heading when it names one', () => {
    const broken = files
      .flatMap(relativeLinks)
      .map((link) => ({ link, reason: brokenReason(link) }))
      .filter((entry) => entry.reason !== null)
      .map(({ link, reason }) => `${link.file}: (${link.target}) ${reason}`)
    expect(broken).toEqual([])
  })

  it('quotes only repository paths that exist', () => {
    const missing = files.flatMap((file) =>
      quotedPaths(file)
        .filter((path) => !existsSync(join(ROOT, path)) && !existsSync(resolve(ROOT, dirname(file), path)))
        .map((path) => `${file}: \`${path}\``),
    )
    expect(missing).toEqual([])
  })

  it('points at nothing that is not shipped (design notes kept outside the repository)', () => {
    const outside = files.filter((file) =>
      /\b(DESIGN\.md|STYLE\.md|reference\/(tech|domain)\.md)/.test(readFileSync(join(ROOT, file), 'utf8')),
    )
    expect(outside).toEqual([])
  })

  it('computes GitHub anchors as GitHub does', () => {
    const anchors = headingAnchors(
      '# Packaging: installers\n## Security checklist, as implemented\n## Hub: `npm run bench:hub`\n## Hub: `npm run bench:hub`\n```\n# not a heading\n```\n',
    )
    expect([...anchors]).toEqual([
      'packaging-installers',
      'security-checklist-as-implemented',
      'hub-npm-run-benchhub',
      'hub-npm-run-benchhub-1',
    ])
  })
})
