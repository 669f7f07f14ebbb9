import { verrevcmp } from './verrevcmp.js';

/**
 * GNU `sort --version-sort` (gnulib's filevercmp), which proxmox-boot-tool uses to pick
 * the kernels it keeps on the ESPs: ordering kernels the same way keeps our choice of
 * "latest" equal to its own. Returns -1, 0 or 1; 0 also for distinct strings that differ
 * only in leading zeros ("6.8.04" and "6.8.4"), which `sort` then orders byte by byte.
 */
export function compareVersionSort(a: string, b: string): number {
  if (a === '' || b === '') return Number(a !== '') - Number(b !== '');
  // File-name rules: ".", then "..", then other names starting with ".", then the rest.
  const aHidden = a.startsWith('.');
  if (aHidden !== b.startsWith('.')) return aHidden ? -1 : 1;
  if (aHidden) {
    for (const special of ['.', '..']) {
      if (a === special || b === special) return Number(b === special) - Number(a === special);
    }
  }
  // File suffixes such as ".tar.gz" first count only if the names are otherwise equal.
  const aPrefix = prefixLength(a);
  const bPrefix = prefixLength(b);
  const result = verrevcmp(a.slice(0, aPrefix), b.slice(0, bPrefix));
  if (result !== 0 || (aPrefix === a.length && bPrefix === b.length)) return result;
  return verrevcmp(a, b);
}

/**
 * Length of `name` without its longest suffix matching `(\.[A-Za-z~][A-Za-z0-9~]*)*$`
 * (gnulib's file_prefixlen as in coreutils 9.1, Debian bookworm, checked against its
 * `sort -V`). Later gnulib never cuts a name's first character; that changes only names
 * that start with ".", which a kernel version never does.
 */
function prefixLength(name: string): number {
  let prefix = 0;
  let i = 0;
  for (;;) {
    while (i + 1 < name.length && name.charAt(i) === '.' && /^[A-Za-z~]$/.test(name.charAt(i + 1))) {
      for (i += 2; i < name.length && /^[A-Za-z0-9~]$/.test(name.charAt(i)); i++);
    }
    if (i >= name.length) return prefix;
    i++;
    prefix = i;
  }
}
