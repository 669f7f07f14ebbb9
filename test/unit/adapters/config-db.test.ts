// readConfigDb on real files in a temp directory (no root needed): databases made at test
// time with sql.js, and, where Debian's sqlite3 is installed (scripts/setup installs it), in
// WAL mode as pmxcfs keeps them, with rows not yet checkpointed.
import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { CONFIG_DB, ConfigDbError, configDbOnRootFileSystem, MAX_ROWS, readConfigDb, treeRowsOf } from '../../../src/adapters/config-db.js';
import { buildConfigTree } from '../../../src/core/pve-config/tree.js';

// pve-cluster src/pmxcfs/database.c, sql_create_db.
const SCHEMA = `CREATE TABLE tree (
  inode INTEGER PRIMARY KEY NOT NULL,
  parent INTEGER NOT NULL CHECK(typeof(parent)=='integer'),
  version INTEGER NOT NULL CHECK(typeof(version)=='integer'),
  writer INTEGER NOT NULL CHECK(typeof(writer)=='integer'),
  mtime INTEGER NOT NULL CHECK(typeof(mtime)=='integer'),
  type INTEGER NOT NULL CHECK(typeof(type)=='integer'),
  name TEXT NOT NULL,
  data BLOB);`;

const BASE_ROWS = `INSERT INTO tree VALUES (0, 0, 6, 0, 1700000000, 8, '__version__', NULL);
INSERT INTO tree VALUES (1, 0, 1, 0, 1700000000, 4, 'nodes', NULL);
INSERT INTO tree VALUES (2, 1, 2, 0, 1700000000, 4, 'pve', NULL);
INSERT INTO tree VALUES (3, 2, 3, 0, 1700000000, 4, 'qemu-server', NULL);
INSERT INTO tree VALUES (4, 3, 4, 0, 1700000000, 8, '100.conf', CAST('memory: 2048' || char(10) AS BLOB));
INSERT INTO tree VALUES (5, 0, 5, 0, 1700000000, 8, 'storage.cfg', CAST('dir: local' || char(10) AS BLOB));
INSERT INTO tree VALUES (6, 3, 6, 0, 1700000000, 8, '105.conf', CAST('memory: 512' || char(10) AS BLOB));`;

let SQL: SqlJsStatic;
let root: string;

beforeAll(async () => {
  SQL = await initSqlJs({ locateFile: () => createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm') });
});
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'config-db-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const clusterDir = () => join(root, 'var/lib/pve-cluster');

/** A database image made by sql.js from SQL text. */
function imageOf(sql: string): Uint8Array {
  const db = new SQL.Database();
  try {
    db.exec(sql);
    return db.export();
  } finally {
    db.close();
  }
}

function writeConfigDb(content: Uint8Array | string): void {
  mkdirSync(clusterDir(), { recursive: true });
  writeFileSync(join(root, CONFIG_DB), content);
}

const filesOf = async () => {
  const read = await readConfigDb(root);
  if (!read.found) throw new Error(`no config.db: ${read.missing}`);
  return Object.fromEntries([...buildConfigTree(read.rows).files].map(([path, data]) => [path, new TextDecoder().decode(data)]));
};

const failure = async () => {
  const error = await readConfigDb(root).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigDbError)) throw new Error(`expected a ConfigDbError, got ${String(error)}`);
  return error.message;
};

describe('readConfigDb', () => {
  test("pmxcfs's rows, exactly as stored", async () => {
    writeConfigDb(imageOf(SCHEMA + BASE_ROWS));
    const read = await readConfigDb(root);
    expect(read.found && read.rows.find((r) => r.name === '100.conf')).toEqual({ inode: '4', parent: '3', type: 8, name: '100.conf', data: new TextEncoder().encode('memory: 2048\n') });
    expect(await filesOf()).toEqual({ 'nodes/pve/qemu-server/100.conf': 'memory: 2048\n', 'nodes/pve/qemu-server/105.conf': 'memory: 512\n', 'storage.cfg': 'dir: local\n' });
  });

  test('inodes are exact past 2^53 (they are 64-bit), data stored as text reads as its bytes', async () => {
    writeConfigDb(
      imageOf(`${SCHEMA}
INSERT INTO tree VALUES (0, 0, 1, 0, 0, 8, '__version__', NULL);
INSERT INTO tree VALUES (9007199254740993, 0, 1, 0, 0, 4, 'd', NULL);
INSERT INTO tree VALUES (9007199254740994, 9007199254740993, 1, 0, 0, 8, 'f', 'text ü');`),
    );
    const read = await readConfigDb(root);
    expect(read.found && read.rows.map((r) => [r.inode, r.parent])).toEqual([
      ['0', '0'],
      ['9007199254740993', '0'],
      ['9007199254740994', '9007199254740993'],
    ]);
    expect(await filesOf()).toEqual({ 'd/f': 'text ü' });
  });

  test('no /var/lib/pve-cluster, or no config.db in it: says which is missing', async () => {
    expect(await readConfigDb(root)).toEqual({ found: false, missing: '/var/lib/pve-cluster' });
    mkdirSync(clusterDir(), { recursive: true });
    expect(await readConfigDb(root)).toEqual({ found: false, missing: '/var/lib/pve-cluster/config.db' });
  });

  test('a file that is no SQLite database, or an empty one', async () => {
    writeConfigDb('not a database at all, just text that is long enough to have a header'.repeat(20));
    expect(await failure()).toBe('/var/lib/pve-cluster/config.db is not a readable SQLite database: file is not a database');
    writeConfigDb('');
    expect(await failure()).toBe('/var/lib/pve-cluster/config.db has no table "tree": it is not pmxcfs\'s database');
  });

  test('a database cut short', async () => {
    const image = imageOf(SCHEMA + BASE_ROWS + "INSERT INTO tree SELECT inode + 100, 0, 1, 0, 0, 8, 'f' || inode, randomblob(3000) FROM tree;");
    writeConfigDb(image.subarray(0, image.length - 4096));
    expect(await failure()).toMatch(/^\/var\/lib\/pve-cluster\/config\.db is not a readable SQLite database: database disk image is malformed/);
  });

  test('a database of something else, or whose "tree" is a view (which could compute rows without end)', async () => {
    writeConfigDb(imageOf('CREATE TABLE other (x);'));
    expect(await failure()).toBe('/var/lib/pve-cluster/config.db has no table "tree": it is not pmxcfs\'s database');
    writeConfigDb(imageOf('CREATE VIEW tree AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS inode, 0 AS parent, 8 AS type, i AS name, NULL AS data FROM n;'));
    expect(await failure()).toBe('/var/lib/pve-cluster/config.db has no table "tree": it is not pmxcfs\'s database');
  });

  test('a table without the columns pmxcfs has', async () => {
    writeConfigDb(imageOf('CREATE TABLE tree (inode INTEGER PRIMARY KEY, name TEXT);'));
    expect(await failure()).toMatch(/^\/var\/lib\/pve-cluster\/config\.db is not a readable SQLite database: no such column: parent/);
  });

  test(`more than ${MAX_ROWS} rows is more than pmxcfs ever makes`, async () => {
    const image = imageOf(`${SCHEMA} WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT ${MAX_ROWS + 1}) INSERT INTO tree SELECT i, 0, 1, 0, 0, 8, 'f' || i, NULL FROM n;`);
    await expect(treeRowsOf(image)).rejects.toThrow(new ConfigDbError(`/var/lib/pve-cluster/config.db has more than ${MAX_ROWS} entries, more than pmxcfs ever makes`));
  });

  describe('nothing leads out of the tree (a BE is untrusted)', () => {
    test('a symlinked config.db is not read', async () => {
      const elsewhere = join(root, 'elsewhere.db');
      writeFileSync(elsewhere, imageOf(SCHEMA + BASE_ROWS));
      mkdirSync(clusterDir(), { recursive: true });
      symlinkSync(elsewhere, join(root, CONFIG_DB));
      expect(await failure()).toBe('/var/lib/pve-cluster/config.db is a symbolic link, not a regular file; not read');
    });

    test('a symlinked directory on the way is not followed', async () => {
      const elsewhere = join(root, 'elsewhere');
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, 'config.db'), imageOf(SCHEMA + BASE_ROWS));
      mkdirSync(join(root, 'var/lib'), { recursive: true });
      symlinkSync(elsewhere, clusterDir());
      expect(await failure()).toBe('/var/lib/pve-cluster is a symbolic link; not followed');
      rmSync(join(root, 'var'), { recursive: true });
      mkdirSync(root + '/real-var');
      symlinkSync(root + '/real-var', join(root, 'var'));
      expect(await failure()).toBe('/var is a symbolic link; not followed');
    });

    test('a file where a directory should be', async () => {
      mkdirSync(join(root, 'var/lib'), { recursive: true });
      writeFileSync(clusterDir(), 'x');
      expect(await failure()).toBe('/var/lib/pve-cluster is not a directory');
    });

    test('a FIFO or a directory as config.db is not opened (a FIFO would hang a reader)', async () => {
      mkdirSync(clusterDir(), { recursive: true });
      execFileSync('mkfifo', [join(root, CONFIG_DB)]);
      expect(await failure()).toBe('/var/lib/pve-cluster/config.db is not a regular file; not read');
      rmSync(join(root, CONFIG_DB));
      mkdirSync(join(root, CONFIG_DB));
      expect(await failure()).toBe('/var/lib/pve-cluster/config.db is not a regular file; not read');
    });

    test('a symlinked -wal is not read either', async () => {
      writeConfigDb(imageOf(SCHEMA + BASE_ROWS));
      symlinkSync('/etc/passwd', join(root, `${CONFIG_DB}-wal`));
      expect(await failure()).toBe('/var/lib/pve-cluster/config.db-wal is a symbolic link, not a regular file; not read');
    });
  });

  const sqlite3 = '/usr/bin/sqlite3';
  const withSqlite3 = existsSync(sqlite3) ? test : test.skip;

  withSqlite3("in WAL mode, as pmxcfs keeps it: the rows only in config.db-wal count, and neither file is written", async () => {
    mkdirSync(clusterDir(), { recursive: true });
    const live = join(root, 'live');
    mkdirSync(live);
    // Made and checkpointed (the sqlite3 process ends), as after a clean pmxcfs stop.
    execFileSync(sqlite3, [join(live, 'config.db')], { input: `PRAGMA journal_mode=WAL;\n${SCHEMA}\n${BASE_ROWS}\n` });
    // Then changed by a writer still running, as pmxcfs always is when a snapshot is taken:
    // the files are copied while it holds them open.
    await whileWriterHoldsIt(
      join(live, 'config.db'),
      `PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
UPDATE tree SET data = CAST('dir: local' || char(10) || 'nfs: backup' || char(10) AS BLOB), version = 7 WHERE inode = 5;
DELETE FROM tree WHERE inode = 6;
INSERT INTO tree VALUES (8, 2, 8, 0, 1700000001, 4, 'lxc', NULL);
INSERT INTO tree VALUES (9, 8, 9, 0, 1700000001, 8, '101.conf', CAST('memory: 256' || char(10) AS BLOB));
UPDATE tree SET version = 9 WHERE inode = 0;`,
      () => {
        for (const name of ['config.db', 'config.db-wal']) writeFileSync(join(clusterDir(), name), readFileSync(join(live, name)));
      },
    );
    expect(statSync(join(clusterDir(), 'config.db-wal')).size).toBeGreaterThan(0);
    const before = snapshotOf(clusterDir());

    expect(await filesOf()).toEqual({
      'nodes/pve/qemu-server/100.conf': 'memory: 2048\n',
      'nodes/pve/lxc/101.conf': 'memory: 256\n',
      'storage.cfg': 'dir: local\nnfs: backup\n',
    });
    // Nothing was written, and no -shm or journal was made next to them.
    expect(snapshotOf(clusterDir())).toEqual(before);

    // Without its WAL the same config.db is the old state: the WAL is what made the difference.
    rmSync(join(clusterDir(), 'config.db-wal'));
    expect(Object.keys(await filesOf()).sort()).toEqual(['nodes/pve/qemu-server/100.conf', 'nodes/pve/qemu-server/105.conf', 'storage.cfg']);
  });
});

describe('configDbOnRootFileSystem', () => {
  test('true when the tree has a config.db on its own file system, false without one', async () => {
    expect(await configDbOnRootFileSystem(root)).toBe(false);
    writeConfigDb(imageOf(SCHEMA));
    expect(await configDbOnRootFileSystem(root)).toBe(true);
  });
});

/** Runs sql in a sqlite3 process on db and calls copy while that process still has it open. */
async function whileWriterHoldsIt(db: string, sql: string, copy: () => void): Promise<void> {
  const child = spawn('/usr/bin/sqlite3', [db], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sqlite3 exited with ${code}`))));
  });
  let output = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) resolve();
    });
  });
  child.stdin.write(`${sql}\n.print READY\n`);
  await ready;
  copy();
  child.stdin.end();
  await exited;
}

/** Names, sizes, modes, mtimes and contents of a directory's files. */
function snapshotOf(dir: string): Array<[string, number, number, number, string]> {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const stat = statSync(join(dir, name));
      return [name, stat.size, stat.mode, stat.mtimeMs, readFileSync(join(dir, name)).toString('base64')];
    });
}
