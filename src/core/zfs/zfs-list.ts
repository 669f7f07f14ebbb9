import { splitTabularOutput } from './tabular-output.js';

/**
 * Parses `zfs list -H -p -o <columns> …`: one record per dataset, keyed by the column
 * names in the order they were passed to `-o` (the caller passes the same array to both).
 * zfs prints `-` for a property that does not apply or is unset; that becomes undefined.
 * (A user property whose value is literally `-` reads as unset too: `zfs get` with its
 * source column tells the two apart when that matters.) With `-p`, sizes and times are
 * exact integers, left as strings for the caller to convert.
 */
export function parseZfsList<C extends string>(
  text: string,
  columns: readonly C[],
): Array<Record<C, string | undefined>> {
  if (columns.length === 0) throw new RangeError('parseZfsList needs at least one column');
  if (new Set(columns).size !== columns.length) {
    throw new RangeError(`parseZfsList columns repeat a name: ${columns.join(',')}`);
  }
  return splitTabularOutput(text, columns.length).map((fields) => {
    const record = {} as Record<C, string | undefined>;
    columns.forEach((column, i) => {
      const field = fields[i];
      record[column] = field === '-' ? undefined : field;
    });
    return record;
  });
}
