// Injected into every bundle (scripts/build.mjs): what bundled CommonJS code expects of a
// CommonJS module and ESM output lacks. sql.js reads __dirname when it runs under Node.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const __dirname = dirname(fileURLToPath(import.meta.url));
