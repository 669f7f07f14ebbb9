import { ZfsOutputError } from './errors.js';

/**
 * Splits the scripted output of `zfs list -H` / `zfs get -H`: one record per line, fields
 * separated by exactly one tab. Every record must have `fieldCount` fields: a value with a
 * tab or newline in it (possible in user properties) shows up here as a wrong count,
 * which is an error rather than a silently shifted column.
 */
export function splitTabularOutput(text: string, fieldCount: number): string[][] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((line, index) => {
    if (line === '') throw new ZfsOutputError('empty line', index + 1);
    const fields = line.split('\t');
    if (fields.length !== fieldCount) {
      throw new ZfsOutputError(
        `expected ${fieldCount} tab-separated fields, got ${fields.length}: ${JSON.stringify(line)}`,
        index + 1,
      );
    }
    return fields;
  });
}
