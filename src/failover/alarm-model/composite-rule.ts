/**
 * A pure model of CloudWatch composite alarm rules (`AlarmRule`): `ALARM(name)`, `OK(name)`,
 * `INSUFFICIENT_DATA(name)`, `TRUE`, `FALSE`, combined with `AND`, `OR`, `NOT` and parentheses.
 * Source: CloudWatch user guide, "Creating a composite alarm" (rule expressions: the three state functions with an
 * alarm name or ARN, TRUE, FALSE, AND, OR, NOT, parentheses; "all underlying alarms must be in the same AWS Region and
 * the same account"): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html.
 * The rule is TRUE → the composite alarm is in ALARM, else OK. Precedence: NOT binds tightest, then AND, then OR
 * (use parentheses, as AWS's examples do, whenever AND and OR are mixed).
 */
import { AlarmState } from './metric-alarm';

/** A parsed rule. */
export type RuleNode =
  | { readonly kind: 'state'; readonly state: AlarmState; readonly alarm: string }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'not'; readonly operand: RuleNode }
  | { readonly kind: 'and' | 'or'; readonly left: RuleNode; readonly right: RuleNode };

const FUNCTIONS: Record<string, AlarmState> = { ALARM: 'ALARM', OK: 'OK', INSUFFICIENT_DATA: 'INSUFFICIENT_DATA' };

/** Splits a rule into tokens: words, parentheses and (double-quoted) alarm names. */
function tokenize(rule: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"]+))/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(rule)) !== null && m[0].length > 0) {
    tokens.push(m[1] ?? m[2] ?? (m[3] !== undefined ? `"${m[3]}` : m[4]));
    last = re.lastIndex;
  }
  if (rule.slice(last).trim() !== '') {
    throw new Error(`cannot parse alarm rule at: '${rule.slice(last)}'`);
  }
  return tokens;
}

/** Parses an `AlarmRule`; throws on a syntax error, naming where. */
export function parseAlarmRule(rule: string): RuleNode {
  const tokens = tokenize(rule);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (t: string) => {
    if (tokens[pos] !== t) throw new Error(`alarm rule: expected '${t}' at token ${pos}, got: '${tokens[pos] ?? 'end'}'`);
    pos++;
  };
  const orExpr = (): RuleNode => {
    let left = andExpr();
    while (peek() === 'OR') {
      pos++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): RuleNode => {
    let left = unary();
    while (peek() === 'AND') {
      pos++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): RuleNode => {
    const t = peek();
    if (t === 'NOT') {
      pos++;
      return { kind: 'not', operand: unary() };
    }
    if (t === '(') {
      pos++;
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (t === 'TRUE' || t === 'FALSE') {
      pos++;
      return { kind: 'constant', value: t === 'TRUE' };
    }
    if (t !== undefined && t in FUNCTIONS) {
      pos++;
      expect('(');
      const name = tokens[pos++];
      if (name === undefined || name === ')' || name === '(') throw new Error(`alarm rule: ${t}() needs an alarm name`);
      expect(')');
      return { kind: 'state', state: FUNCTIONS[t], alarm: name.startsWith('"') ? name.slice(1) : name };
    }
    throw new Error(`alarm rule: unexpected '${t ?? 'end'}' at token ${pos}`);
  };
  const tree = orExpr();
  if (pos !== tokens.length) throw new Error(`alarm rule: unexpected '${tokens[pos]}' at token ${pos}`);
  return tree;
}

/** The rule's value given each referenced alarm's state; an alarm without a state is an error. */
export function evaluateRule(node: RuleNode, states: Readonly<Record<string, AlarmState>>): boolean {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'not':
      return !evaluateRule(node.operand, states);
    case 'and':
      return evaluateRule(node.left, states) && evaluateRule(node.right, states);
    case 'or':
      return evaluateRule(node.left, states) || evaluateRule(node.right, states);
    case 'state': {
      const s = states[node.alarm];
      if (s === undefined) throw new Error(`alarm rule references '${node.alarm}', which has no state`);
      return s === node.state;
    }
  }
}

/** The composite alarm's state: ALARM when its rule is TRUE, else OK. */
export function evaluateCompositeAlarm(rule: string, states: Readonly<Record<string, AlarmState>>): AlarmState {
  return evaluateRule(parseAlarmRule(rule), states) ? 'ALARM' : 'OK';
}

/** The alarm names a rule references (in order of appearance, without duplicates). */
export function alarmsOf(node: RuleNode): string[] {
  switch (node.kind) {
    case 'constant':
      return [];
    case 'not':
      return alarmsOf(node.operand);
    case 'and':
    case 'or':
      return [...new Set([...alarmsOf(node.left), ...alarmsOf(node.right)])];
    case 'state':
      return [node.alarm];
  }
}
