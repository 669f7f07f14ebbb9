// The error of the expected class that run() throws, for assertions on its fields; any
// other error is rethrown, and no error at all is a failure.
export function thrown<E extends Error>(errorClass: new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof errorClass) return error;
    throw error;
  }
  throw new Error(`no ${errorClass.name} thrown`);
}
