import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/**
 * Argument parsing for the CLI: node's own `parseArgs` in strict mode (no dependency, and it refuses
 * unknown options, missing values and stray arguments), with its errors turned into one line that
 * names the culprit. Every failure a person can cause is a CliError: one line, no stack.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A mistake in how the command was called: exit code 2, and the usage is shown. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export interface Parsed {
  values: Record<string, string | boolean | undefined> & { help?: boolean };
  positionals: string[];
}

/** Parses `argv` against `options` (plus -h/--help); more than `maxPositionals` arguments is refused. */
export function parseCommand(argv: string[], options: ParseArgsOptionsConfig, maxPositionals = 0): Parsed {
  // --help always works, whatever else the line holds.
  if (argv.includes('--help') || argv.includes('-h')) return { values: { help: true }, positionals: [] };
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options: { ...options, ...HELP },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  if (parsed.values.help !== true && parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
  }
  return parsed;
}

/**
 * `--incidents -5` is a value that is wrong, not a missing one: parseArgs takes `-5` for an option and
 * would say "needs a value". Joined as `--incidents=-5`, the option's own check names the range.
 */
function joinNegativeValues(argv: string[], options: ParseArgsOptionsConfig): string[] {
  const takesValue = new Set<string>();
  // long options only: none of the CLI's short ones takes a value
  for (const [name, option] of Object.entries(options))
    if (option.type === 'string') takesValue.add(`--${name}`);
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (arg === '--') {
      joined.push(...argv.slice(i));
      break;
    }
    if (takesValue.has(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${named ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return named === undefined
        ? message
        : `option ${named} needs a value (one that starts with "-" is written ${named}=<value>)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? message}`;
    default:
      return message;
  }
}

/** A whole number option within [min, max]; `what` says what it counts, for the message. */
export function wholeNumber(option: string, value: string, min: number, max: number, what: string): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`${option} takes a whole number of ${what} from ${min} to ${max}, not "${value}"`);
  }
  return number;
}
