// Reads the rows of pmxcfs's database (/var/lib/pve-cluster/config.db, and its -wal: see
// core/pve-config/wal.ts) under a tree's root, never writing either file: both are read
// into memory and opened there by sql.js, SQLite compiled to WebAssembly. A native addon
// (better-sqlite3) would need one binary per Node ABI (Debian ships nodejs 18 and 20), and
// node:sqlite exists only from Node 22.5. The wasm sandbox also keeps a crafted database
// from reaching anything but that memory.
//
// sql.js is loaded on the first call only, so commands that never read a config.db do not
// start slower; its sql-wasm.wasm is shipped next to the bundles (scripts/build.mjs).
import { existsSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { applyWal, WalError } from '../core/pve-config/wal.js';
import type { TreeRow } from '../core/pve-config/tree.js';
import { NotContained, readContainedFile } from './contained-file.js';
import { messageOf, PveBootenvError } from '../core/errors.js';

export const PVE_CLUSTER_DIR = 'var/lib/pve-cluster';
export const CONFIG_DB = `${PVE_CLUSTER_DIR}/config.db`;
/** pmxcfs holds at most 128 MiB of files (MEMDB_MAX_FSSIZE); SQLite adds its pages around them. */
export const MAX_DB_BYTES = 256 * 1024 * 1024;
/** pmxcfs never makes more entries (MEMDB_MAX_INODES, 256 Ki). */
export const MAX_ROWS = 256 * 1024;

export type ConfigDbRead =
  | { found: true; rows: TreeRow[] }
  /** What is missing: `/var/lib/pve-cluster` (or a directory above it), or `/var/lib/pve-cluster/config.db`. */
  | { found: false; missing: string };

/** A config.db that is there but cannot be read: one line, with the path, saying why. */
export class ConfigDbError extends PveBootenvError {
  override name = 'ConfigDbError';
}

/** The rows of root's /var/lib/pve-cluster/config.db, or what is missing. Throws ConfigDbError. */
export async function readConfigDb(root: string): Promise<ConfigDbRead> {
  const db = await readPart(root, CONFIG_DB);
  if (!db.found) return { found: false, missing: db.missing.length < CONFIG_DB.length ? `/${PVE_CLUSTER_DIR}` : `/${CONFIG_DB}` };
  const wal = await readPart(root, `${CONFIG_DB}-wal`);
  let image: Uint8Array;
  try {
    image = applyWal(db.bytes, wal.found ? wal.bytes : undefined, MAX_DB_BYTES);
  } catch (error) {
    if (error instanceof WalError) throw new ConfigDbError(`/${CONFIG_DB}-wal cannot be used: ${error.message}`);
    throw error;
  }
  return { found: true, rows: await treeRowsOf(image) };
}

async function readPart(root: string, relative: string) {
  try {
    return await readContainedFile(root, relative, MAX_DB_BYTES);
  } catch (error) {
    if (error instanceof NotContained) throw new ConfigDbError(error.message);
    throw new ConfigDbError(`/${relative} cannot be read: ${messageOf(error)}`, { cause: error });
  }
}

/** The rows of table `tree` of a database image (no WAL). Throws ConfigDbError. */
export async function treeRowsOf(image: Uint8Array): Promise<TreeRow[]> {
  const SQL = await loadSqlJs().catch((error: unknown) => {
    // Not the database's fault: an installation without its sql-wasm.wasm.
    throw new PveBootenvError(`SQLite (sql.js and its sql-wasm.wasm) could not be loaded: ${messageOf(error)}`, { cause: error });
  });
  let db: Database | undefined;
  try {
    db = new SQL.Database(image);
    // Nothing in the image may write (it is a copy anyway) or run what its schema says.
    db.run('PRAGMA query_only = 1');
    db.run('PRAGMA trusted_schema = 0');
    const kind = db.exec("SELECT type FROM sqlite_master WHERE name = 'tree'")[0]?.values[0]?.[0];
    // A view could compute endless rows; pmxcfs's tree is a table.
    if (kind !== 'table') throw new ConfigDbError(`/${CONFIG_DB} has no table "tree": it is not pmxcfs's database`);
    const statement = db.prepare('SELECT CAST(inode AS TEXT), CAST(parent AS TEXT), CAST(type AS INTEGER), CAST(name AS TEXT), data FROM tree');
    try {
      const rows: TreeRow[] = [];
      while (statement.step()) {
        if (rows.length >= MAX_ROWS) throw new ConfigDbError(`/${CONFIG_DB} has more than ${MAX_ROWS} entries, more than pmxcfs ever makes`);
        const [inode, parent, type, name, data] = statement.get();
        rows.push({ inode: String(inode), parent: String(parent), type: Number(type), name: String(name ?? ''), data: bytesOf(data) });
      }
      return rows;
    } finally {
      statement.free();
    }
  } catch (error) {
    if (error instanceof ConfigDbError) throw error;
    throw new ConfigDbError(`/${CONFIG_DB} is not a readable SQLite database: ${messageOf(error)}`, { cause: error });
  } finally {
    db?.close();
  }
}

/** A data column as pmxcfs reads it (sqlite3_column_blob: text as its UTF-8 bytes). */
function bytesOf(value: SqlValue | undefined): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value === null || value === undefined) return new Uint8Array(0);
  return new TextEncoder().encode(String(value));
}

let sqlJs: Promise<SqlJsStatic> | undefined;

function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= (async () => {
    const { default: initSqlJs } = await import('sql.js');
    // Handing over the bytes keeps sql.js from looking for the file itself.
    const wasmBinary = await readFile(wasmPath());
    return initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.length) as ArrayBuffer });
  })();
  sqlJs.catch(() => {
    sqlJs = undefined;
  });
  return sqlJs;
}

/** Next to the bundle (dist/, /usr/lib/pve-bootenv/), else the node_modules copy (tests, scripts). */
function wasmPath(): string {
  const shipped = fileURLToPath(new URL('./sql-wasm.wasm', import.meta.url));
  if (existsSync(shipped)) return shipped;
  try {
    return createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  } catch {
    throw new PveBootenvError(`${shipped} is missing`);
  }
}

/**
 * Whether the running host's config.db is a file of its root file system (so a snapshot
 * of the root dataset holds it): not when there is none (not a Proxmox VE host), nor when
 * /var/lib/pve-cluster, or a directory above it, is a file system of its own — then every
 * BE mounts that same one and nothing of /etc/pve rolls back.
 */
export async function configDbOnRootFileSystem(root = '/'): Promise<boolean> {
  const top = await lstat(root);
  // None there (or none we can see): then nothing of /etc/pve is the BE's to roll back.
  const file = await lstat(join(root, CONFIG_DB)).catch(() => undefined);
  return file !== undefined && file.dev === top.dev;
}
