// The mount table, as findmnt shows it in our mount namespace.
import { PROGRAMS } from './programs.js';
import { run } from './run.js';

/** findmnt escapes blanks and other bytes of a mount point as \xNN. */
export function unescapeFindmnt(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface FileSystemAt {
  source: string;
  fstype: string;
  /** Where that file system is mounted: the path itself when the path is a mount point. */
  target: string;
}

/** The file system a path lives on, or undefined when findmnt cannot tell (no such path). */
export async function fileSystemAt(path: string): Promise<FileSystemAt | undefined> {
  // -P: key="value" pairs, safe with blanks in a mount point (findmnt escapes them as \x20).
  const { stdout, exitCode } = await run(PROGRAMS.findmnt, ['-n', '-P', '-o', 'SOURCE,FSTYPE,TARGET', '--target', path], { allowFailure: true });
  if (exitCode !== 0) return undefined;
  const fields = new Map<string, string>();
  for (const match of stdout.matchAll(/([A-Z]+)="([^"]*)"/g)) {
    fields.set(match[1]!, unescapeFindmnt(match[2]!));
  }
  const [source, fstype, target] = [fields.get('SOURCE'), fields.get('FSTYPE'), fields.get('TARGET')];
  return source !== undefined && fstype !== undefined && target !== undefined ? { source, fstype, target } : undefined;
}
