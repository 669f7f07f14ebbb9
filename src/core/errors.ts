// One family for the errors pve-bootenv throws on purpose. Every class of ours derives from
// PveBootenvError, whichever layer it is declared in (a refusal of the engine, a file the
// core cannot parse, a command an adapter ran that failed), and carries what led to it as
// `cause`, the way Node's Error and execa do: the message stays one line for the admin,
// the cause keeps the detail for a debugger or a test. What is not ours (a TypeError, an
// fs error) is a bug or the system speaking, and is shown by its message all the same.

export class PveBootenvError extends Error {
  override name = 'PveBootenvError';

  constructor(message?: string, options?: { cause?: unknown }) {
    // Only pass options when there is a cause: `cause: undefined` would still be an own property.
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
  }
}

/** A refusal by a boot-environment command: one line saying what is wrong and what to do. */
export class BeError extends PveBootenvError {
  override name = 'BeError';
}

/** The one line to show for anything thrown: an Error's message, else the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs work and says how it failed (messageOf), or undefined when it did not: for the
 * clean-up after a failure, whose own failure must be told, not thrown over the first.
 */
export async function failureOf(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}
