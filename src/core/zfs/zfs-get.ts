import { ZfsOutputError } from './errors.js';
import { splitTabularOutput } from './tabular-output.js';

export interface ZfsPropertyValue {
  /** As printed, `-` included (an unset user property). */
  value: string;
  /** `local`, `default`, `inherited from <dataset>`, `temporary`, `received` or `-`. */
  source: string;
}

/** Dataset name → property name → value and source, both in output order. */
export type ZfsProperties = Map<string, Map<string, ZfsPropertyValue>>;

/**
 * Parses `zfs get -H -p -o name,property,value,source <properties> <datasets>`.
 * The column order is fixed: the caller must ask for exactly these four.
 */
export function parseZfsGet(text: string): ZfsProperties {
  const result: ZfsProperties = new Map();
  splitTabularOutput(text, 4).forEach(([name = '', property = '', value = '', source = ''], index) => {
    if (name === '' || property === '') {
      throw new ZfsOutputError('empty dataset or property name', index + 1);
    }
    let properties = result.get(name);
    if (properties === undefined) {
      properties = new Map();
      result.set(name, properties);
    }
    properties.set(property, { value, source });
  });
  return result;
}
