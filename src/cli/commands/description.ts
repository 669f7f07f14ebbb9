import { UsageError } from '../exit-codes.js';

/** A description is one line of text: it goes into a ZFS property and the boot menu. */
export function checkDescription(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new UsageError('the description must be one line without control characters');
  if (text.length > 1024) throw new UsageError(`the description is ${text.length} characters long; at most 1024`);
  return text;
}
