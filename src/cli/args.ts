// Option parsing for one command: node's parseArgs, with mistakes turned into UsageErrors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.js';
import { printable } from './render/printable.js';
import { quote } from '../core/config/errors.js';
import { messageOf } from '../core/errors.js';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
  positionals: { min: number; max: number } = { min: 0, max: 0 },
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${messageOf(error).split('\n')[0]}`);
  }
  if (parsed.positionals.length < positionals.min) throw new UsageError(`${command}: missing argument`);
  if (parsed.positionals.length > positionals.max) throw new UsageError(`${command}: unexpected argument ${quote(parsed.positionals[positionals.max]!)}`);
  return parsed;
}

/**
 * text from the command line (a BE's or snapshot's name, a path), refused when it holds a
 * control character: none of what it names can have one, and the message shows it escaped.
 */
export function plainArgument(command: string, what: string, text: string): string {
  if (printable(text) !== text) throw new UsageError(`${command}: ${what} ${quote(text)} contains control characters`);
  return text;
}
