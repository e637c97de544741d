/**
 * The source stays small enough to find one's way: no file in src/ over 400 lines and no function (constructor,
 * method, arrow function) over 80 lines, unless the file's header comment says why (`long: <reason>`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', 'src');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function hasReason(text: string): boolean {
  return /^\s*(\/\/|\*|\/\*\*).*\blong: \S/m.test(text.split('\n').slice(0, 15).join('\n'));
}

function longFunctions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > MAX_FUNCTION_LINES) {
        const name = (node as ts.FunctionLikeDeclaration).name?.getText(source) ?? (ts.isConstructorDeclaration(node) ? 'constructor' : 'function');
        found.push(`${path.relative(SRC, file)}:${start + 1} ${name} has ${end - start + 1} lines`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('source size', () => {
  const files = sourceFiles(SRC);

  test(`no file in src/ is over ${MAX_FILE_LINES} lines without a reason in its header`, () => {
    const long = files
      .map((file) => ({ file, text: fs.readFileSync(file, 'utf-8') }))
      .filter(({ text }) => text.split('\n').length > MAX_FILE_LINES && !hasReason(text))
      .map(({ file, text }) => `${path.relative(SRC, file)} has ${text.split('\n').length} lines`);
    expect(long).toEqual([]);
  });

  test(`no function in src/ is over ${MAX_FUNCTION_LINES} lines without a reason in its file's header`, () => {
    const long = files.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf-8');
      return hasReason(text) ? [] : longFunctions(file, text);
    });
    expect(long).toEqual([]);
  });

  test('the checks see a long function and honour a stated reason', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `export function big(): void {\n${body}\n}\n`;
    expect(longFunctions(path.join(SRC, 'x.ts'), text)).toEqual([`x.ts:1 big has ${MAX_FUNCTION_LINES + 2} lines`]);
    expect(hasReason(`/**\n * long: a generated table\n */\n${text}`)).toBe(true);
    expect(hasReason(text)).toBe(false);
  });
});
