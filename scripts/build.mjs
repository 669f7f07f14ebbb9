// Bundles each entry point into one self-contained ESM file in dist/ that runs on Debian's
// nodejs 18.20 (bookworm, PVE 8) and 20 (trixie, PVE 9): no node_modules at run time,
// only sql-wasm.wasm beside them.
import { build } from 'esbuild';
import { chmod, copyFile, readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const entries = ['cli', 'apt-hook', 'kernel-hook'];

await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e, `src/bin/${e}.ts`])),
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'esm',
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
