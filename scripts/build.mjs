// Bundles each entry point into one self-contained ESM file in dist/ that runs on Debian's
// nodejs 18.20 (bookworm, PVE 8) and 20 (trixie, PVE 9): no node_modules at run time,
// only sql-wasm.wasm beside them.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const entries = ['cli', 'apt-hook', 'kernel-hook'];

// A chunk of an older build would be installed with the new ones (debian/install: dist/*.mjs).
await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e, `src/bin/${e}.ts`])),
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'esm',
  // Each command's engine is loaded by import() when that command runs (src/cli/commands/):
  // chunks shared by the three entry points, beside them, so that `--version`, `help` and a
  // wrong command line do not load what a sync needs (issue 19, CLI start).
  splitting: true,
  chunkNames: 'chunk-[hash]',
  // Bundled CommonJS dependencies call require() for built-ins; ESM output has none.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  // ... and some read __dirname (the bundle's own directory then).
  inject: ['scripts/esm-shims.mjs'],
  define: { PVE_BOOTENV_VERSION: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
});

// sql.js (read by adapters/config-db.ts) is bundled; its WebAssembly half is a file it
// loads at run time from next to the bundles.
await copyFile('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
// npm ships it executable; it is data.
await chmod('dist/sql-wasm.wasm', 0o644);

// The bash completion, made from the command table so that it lists exactly the verbs and
// options the CLI takes (src/cli/bash-completion.ts); installed as
// /usr/share/bash-completion/completions/pve-bootenv.
const generator = resolve('build', 'bash-completion.mjs');
await mkdir('build', { recursive: true });
await build({
  stdin: {
    contents:
      "import { COMMANDS } from './src/cli/commands.ts';\n" +
      "import { bashCompletionScript } from './src/cli/bash-completion.ts';\n" +
      'export default bashCompletionScript(COMMANDS);\n',
    resolveDir: '.',
    loader: 'ts',
  },
  outfile: generator,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'esm',
  packages: 'external',
  define: { PVE_BOOTENV_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
const { default: completion } = await import(pathToFileURL(generator).href);
await writeFile('dist/pve-bootenv.bash-completion', completion, { mode: 0o644 });
