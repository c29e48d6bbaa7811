import type { Fields } from './conf.ts';
import { FUNCTIONS, first, truthy, type Value } from './evalFunctions.ts';

/** EVAL and `where` expressions, evaluated as they are parsed: there is no expression tree to keep. */

type Token = { kind: 'str' | 'num' | 'field' | 'op' | 'word'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        s += text[j];
        j++;
      }
      tokens.push({ kind: 'str', text: s });
      i = j + 1;
    } else if (c === "'") {
      const j = text.indexOf("'", i + 1);
      tokens.push({ kind: 'field', text: text.slice(i + 1, j) });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.{}]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else {
      const m = /^(==|!=|>=|<=|[=<>().,+\-*/])/.exec(text.slice(i));
      if (m === null) throw new Error(`unexpected "${c}" in ${text}`);
      tokens.push({ kind: 'op', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: Fields,
  ) {}

  parse(): Value {
    const value = this.or();
    if (this.at !== this.tokens.length)
      throw new Error(
        `unparsed: ${this.tokens
          .slice(this.at)
          .map((t) => t.text)
          .join(' ')}`,
      );
    return value;
  }
  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
  private take(text?: string): Token {
    const token = this.tokens[this.at++];
    if (token === undefined || (text !== undefined && token.text !== text))
      throw new Error(`expected ${text ?? 'more'} in expression`);
    return token;
  }
  private or(): Value {
    let left = this.and();
    while (this.peek()?.text === 'OR') {
      this.take();
      const right = this.and();
      left = truthy(left) || truthy(right);
    }
    return left;
  }
  private and(): Value {
    let left = this.not();
    while (this.peek()?.text === 'AND') {
      this.take();
      const right = this.not();
      left = truthy(left) && truthy(right);
    }
    return left;
  }
  private not(): Value {
    if (this.peek()?.text === 'NOT') {
      this.take();
      return !truthy(this.not());
    }
    return this.compare();
  }
  private compare(): Value {
    const left = this.concat();
    const op = this.peek()?.text;
    if (op === '==' || op === '=' || op === '!=' || op === '>=' || op === '<=' || op === '>' || op === '<') {
      this.take();
      const right = this.concat();
      const a = first(left);
      const b = first(right);
      if (op === '==' || op === '=') return a === b;
      if (op === '!=') return a !== b;
      const x = Number(a);
      const y = Number(b);
      return op === '>=' ? x >= y : op === '<=' ? x <= y : op === '>' ? x > y : x < y;
    }
    return left;
  }
  private concat(): Value {
    let left = this.primary();
    while (this.peek()?.text === '.' || this.peek()?.text === '+') {
      const op = this.take().text;
      const right = this.primary();
      const [a, b] = [first(left), first(right)];
      // Splunk's +: a sum of two numbers, else the strings joined; null when either side is null
      if (a === null || b === null) left = null;
      else if (
        op === '+' &&
        a.trim() !== '' &&
        b.trim() !== '' &&
        Number.isFinite(Number(a)) &&
        Number.isFinite(Number(b))
      )
        left = Number(a) + Number(b);
      else left = `${a}${b}`;
    }
    return left;
  }
  private primary(): Value {
    const token = this.take();
    if (token.kind === 'str') return token.text;
    if (token.kind === 'num') return Number(token.text);
    if (token.kind === 'field') return this.field(token.text);
    if (token.text === '(') {
      const value = this.or();
      this.take(')');
      return value;
    }
    if (token.kind === 'word' && this.peek()?.text === '(') {
      const fn = FUNCTIONS[token.text];
      if (fn === undefined) throw new Error(`eval function ${token.text} is outside the emulated subset`);
      this.take('(');
      const args: Value[] = [];
      while (this.peek()?.text !== ')') {
        args.push(this.or());
        if (this.peek()?.text === ',') this.take(',');
      }
      this.take(')');
      return fn(args);
    }
    if (token.kind === 'word') return this.field(token.text);
    throw new Error(`unexpected ${token.text} in expression`);
  }
  private field(name: string): Value {
    const values = this.fields.get(name);
    if (values === undefined || values.length === 0) return null;
    return values.length === 1 ? (values[0] as string) : values;
  }
}

export function evaluate(expression: string, fields: Fields): Value {
  return new Parser(tokenize(expression), fields).parse();
}
