// Tab is not on the list: systemd-boot and the kernel both treat it as a separator.
// NUL is the dangerous one: systemd-boot stops reading a file at the first NUL, so
// everything after it would silently vanish from the boot menu.
const CONTROL_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * Describes the first control character in `text` (for an error message), or returns
 * undefined if there is none.
 */
export function describeControlChar(text: string): string | undefined {
  const match = CONTROL_CHAR.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `control character U+${code} at column ${match.index + 1}`;
}
