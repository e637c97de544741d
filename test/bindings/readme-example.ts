/**
 * The README's "One statement" example in one language, so the consumer tests run exactly what the README shows.
 *
 *   node --import tsx test/bindings/readme-example.ts <ts|python|java|go> <output file>
 */
import * as fs from 'fs';
import * as path from 'path';

export const LANGUAGES = ['ts', 'python', 'java', 'go'] as const;
export type Language = (typeof LANGUAGES)[number];

const SECTION = '## One statement';

/** The one fenced block of `language` in the README's "One statement" section; throws unless there is exactly one. */
export function readmeExample(markdown: string, language: Language): string {
  const start = markdown.indexOf(`\n${SECTION}\n`);
  if (start < 0) {
    throw new Error(`README.md has no "${SECTION}" section`);
  }
  const rest = markdown.slice(start + SECTION.length + 2);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === language);
  if (blocks.length !== 1) {
    throw new Error(`README.md "${SECTION}" has ${blocks.length} \`\`\`${language} blocks, expected exactly one`);
  }
  return blocks[0][2];
}

if (require.main === module) {
  const [language, out] = process.argv.slice(2);
  if (!(LANGUAGES as readonly string[]).includes(language) || !out) {
    console.error(`usage: node --import tsx test/bindings/readme-example.ts <${LANGUAGES.join('|')}> <output file>`);
    process.exit(2);
  }
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, readmeExample(readme, language as Language));
}
