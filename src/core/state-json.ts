// Reading back the small JSON files we keep between runs (the boot record, the last
// verification): text that is missing, not JSON or not an object is no record at all, and
// every value is checked for its shape before it is used.

/** The object a file's text holds; undefined for a missing file, text that is not JSON, or JSON that is not an object. */
export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(parsed) ? parsed : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number of things (bytes, files, seconds): never negative, never past 2^53. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
