/** Every repository path the README and docs/ name (in backticks or as a relative link) exists. */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

export function namedPaths(page: string, text: string): string[] {
  const named: string[] = [];
  for (const match of text.matchAll(/`((?:src|test|integ|examples|scripts|benchmarks|docs|\.ci)\/[\w./-]+?)`/g)) {
    named.push(match[1].replace(/\/$/, ''));
  }
  for (const match of text.matchAll(/\]\(((?!https?:|#|mailto:)[^)#\s]+)(#[^)]*)?\)/g)) {
    named.push(path.normalize(path.join(path.dirname(page), match[1])));
  }
  // A path with a glob or a placeholder is a pattern, not a file.
  return [...new Set(named)].filter((p) => !/[*<>{}]/.test(p));
}

describe('paths named in the README and docs/', () => {
  test('exist in the repository', () => {
    const missing = PAGES.flatMap((page) =>
      namedPaths(page, fs.readFileSync(path.join(ROOT, page), 'utf-8'))
        .filter((p) => !fs.existsSync(path.join(ROOT, p)))
        .map((p) => `${page}: ${p}`));
    expect(missing).toEqual([]);
  });

  test('the check finds backticked paths and relative links', () => {
    expect(namedPaths('docs/a.md', 'see `src/region/x.ts`, [ops](operations.md#after) and [web](https://x.y)')).toEqual([
      'src/region/x.ts',
      'docs/operations.md',
    ]);
  });
});
