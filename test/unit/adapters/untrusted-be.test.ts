// A boot environment's tree is untrusted input (issue 16, rows 1-3 and 7): planted symlinks
// in a BE must not let us write a host file, copy a host file to an ESP, or name an ESP
// file outside our directory. Real files in a temp directory stand in for a mounted BE and
// a mounted ESP; "host files" are files outside both. No root needed.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rewriteCmdlineRoot } from '../../../src/adapters/be-cmdline.js';
import { bootPair, BootDirRefused, readBootDir } from '../../../src/adapters/boot-dir.js';
import { createContainedFile, NotContained, readContainedFile, removeContainedFile } from '../../../src/adapters/contained-file.js';
import { applyEspActions, EspPathRefused } from '../../../src/adapters/esp/apply.js';
import { readEspSnapshot } from '../../../src/adapters/esp/snapshot.js';
import { systemdBootEsp } from '../../../src/adapters/bootloader/systemd-boot/systemd-boot.js';
import { HashCache } from '../../../src/adapters/hash-cache.js';
import { bootFilePath, GRUB_ENV, LOADER_CONF } from '../../../src/core/esp/layout.js';

let top: string;
let be: string;
let esp: string;
let host: string;
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeEach(async () => {
  top = await mkdtemp(join(tmpdir(), 'untrusted-be-'));
  be = join(top, 'be');
  esp = join(top, 'esp');
  host = join(top, 'host');
  for (const dir of [be, esp, host, join(be, 'boot'), join(be, 'etc/kernel')]) await mkdir(dir, { recursive: true });
  await writeFile(join(host, 'shadow'), 'root:secret-hash:19000:0:99999:7:::\n');
});

afterEach(async () => {
  await rm(top, { recursive: true, force: true });
});

const hostShadow = () => readFile(join(host, 'shadow'), 'utf8');

describe('row 1: the BE cmdline is rewritten inside the BE only', () => {
  test('a symlink planted at the temp file name does not make the rewrite write a host file', async () => {
    await writeFile(join(be, 'etc/kernel/cmdline'), 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet\n');
    await symlink(join(host, 'shadow'), join(be, 'etc/kernel/cmdline.pve-bootenv.tmp'));
    const before = await hostShadow();
    expect(await rewriteCmdlineRoot(be, 'rpool/ROOT/imported')).toBe('rewritten');
    expect(await hostShadow()).toBe(before);
    expect(await readFile(join(be, 'etc/kernel/cmdline'), 'utf8')).toBe('root=ZFS=rpool/ROOT/imported boot=zfs quiet\n');
    expect(existsSync(join(be, 'etc/kernel/cmdline.pve-bootenv.tmp'))).toBe(false);
  });

  test('a cmdline that is a symlink to a host file is neither read nor replaced through', async () => {
    await symlink(join(host, 'shadow'), join(be, 'etc/kernel/cmdline'));
    const before = await hostShadow();
    await expect(rewriteCmdlineRoot(be, 'rpool/ROOT/imported')).rejects.toThrow(/\/etc\/kernel\/cmdline is a symbolic link/);
    expect(await hostShadow()).toBe(before);
  });

  test('an etc/kernel that is a symlink to a host directory is not written into', async () => {
    await rm(join(be, 'etc/kernel'), { recursive: true });
    await writeFile(join(host, 'cmdline'), 'root=ZFS=rpool/ROOT/pve-1 boot=zfs\n');
    await symlink(host, join(be, 'etc/kernel'));
    await expect(rewriteCmdlineRoot(be, 'rpool/ROOT/imported')).rejects.toThrow(NotContained);
    expect(await readFile(join(host, 'cmdline'), 'utf8')).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs\n');
    expect(await readdir(host)).toEqual(['cmdline', 'shadow']);
  });

  test('policy-rc.d for a run is created only where nothing is, never through a dangling link', async () => {
    await mkdir(join(be, 'usr/sbin'), { recursive: true });
    await symlink(join(host, 'new-file'), join(be, 'usr/sbin/policy-rc.d'));
    expect(await createContainedFile(be, 'usr/sbin/policy-rc.d', 'exit 101\n', 0o755)).toBe(false);
    expect(existsSync(join(host, 'new-file'))).toBe(false);
    await rm(join(be, 'usr/sbin/policy-rc.d'));
    expect(await createContainedFile(be, 'usr/sbin/policy-rc.d', 'exit 101\n', 0o755)).toBe(true);
    expect((await stat(join(be, 'usr/sbin/policy-rc.d'))).mode & 0o777).toBe(0o755);
  });

  test("policy-rc.d is removed at the end of a run only inside the BE, not through a usr/sbin made a link to the host's", async () => {
    await writeFile(join(host, 'policy-rc.d'), 'the host admin\'s own\n');
    await mkdir(join(be, 'usr'), { recursive: true });
    await symlink(host, join(be, 'usr/sbin'));
    await expect(removeContainedFile(be, 'usr/sbin/policy-rc.d')).rejects.toThrow(/\/usr\/sbin is a symbolic link/);
    expect(await readFile(join(host, 'policy-rc.d'), 'utf8')).toBe("the host admin's own\n");
    await rm(join(be, 'usr/sbin'));
    await mkdir(join(be, 'usr/sbin'));
    await writeFile(join(be, 'usr/sbin/policy-rc.d'), 'exit 101\n');
    await removeContainedFile(be, 'usr/sbin/policy-rc.d');
    expect(existsSync(join(be, 'usr/sbin/policy-rc.d'))).toBe(false);
  });
});

describe("row 2: a BE's kernels are its own regular files", () => {
  const kver = '6.8.12-4-pve';

  test('absolute symlinks for vmlinuz/initrd are skipped with a line naming them, never hashed or copied', async () => {
    await symlink(join(host, 'shadow'), join(be, 'boot', `vmlinuz-${kver}`));
    await symlink(join(host, 'shadow'), join(be, 'boot', `initrd.img-${kver}`));
    await writeFile(join(be, 'etc/kernel/cmdline'), 'root=ZFS=rpool/ROOT/x boot=zfs\n');
    const boot = await readBootDir(be);
    expect(boot.kvers).toEqual([]);
    expect(boot.skipped.sort()).toEqual([
      `/boot/initrd.img-${kver} is a symbolic link, not a regular file; not read; skipped`,
      `/boot/vmlinuz-${kver} is a symbolic link, not a regular file; not read; skipped`,
    ]);
  });

  test("the BE's own kernel pins are read; a pin that is a link to a host file is not followed", async () => {
    await writeFile(join(be, 'etc/kernel/cmdline'), 'root=ZFS=rpool/ROOT/x boot=zfs\n');
    await writeFile(join(be, 'etc/kernel/proxmox-boot-pin'), `${kver}\n`);
    await writeFile(join(host, 'pin'), '6.1.0-1-amd64\n');
    await symlink(join(host, 'pin'), join(be, 'etc/kernel/next-boot-pin'));
    const boot = await readBootDir(be);
    expect(boot.pins).toEqual({ nextBoot: undefined, permanent: `${kver}\n` });
    expect(boot.skipped).toEqual(['/etc/kernel/next-boot-pin is a symbolic link, not a regular file; not read; the kernel pin is not followed']);
  });

  test('a relative symlink, a FIFO-like non-file and a /boot that is a link are refused too', async () => {
    await writeFile(join(be, 'boot', `vmlinuz-${kver}`), 'kernel');
    await symlink(`vmlinuz-${kver}`, join(be, 'boot', `initrd.img-${kver}`));
    await mkdir(join(be, 'boot', 'vmlinuz-6.1.0-1-amd64'));
    await writeFile(join(be, 'boot', 'initrd.img-6.1.0-1-amd64'), 'initrd');
    const boot = await readBootDir(be);
    expect(boot.kvers).toEqual([]);
    expect(boot.skipped).toHaveLength(2);
    await rm(join(be, 'boot'), { recursive: true });
    await symlink(host, join(be, 'boot'));
    await expect(readBootDir(be)).rejects.toThrow(BootDirRefused);
  });

  test('regular files are read and hashed as before', async () => {
    await writeFile(join(be, 'boot', `vmlinuz-${kver}`), 'kernel bytes');
    await writeFile(join(be, 'boot', `initrd.img-${kver}`), 'initrd bytes');
    await writeFile(join(be, 'etc/kernel/cmdline'), 'root=ZFS=rpool/ROOT/x boot=zfs\n');
    const boot = await readBootDir(be);
    expect(boot).toEqual({ kvers: [kver], cmdline: 'root=ZFS=rpool/ROOT/x boot=zfs\n', cmdlineFrom: 'etc/kernel/cmdline', skipped: [], pins: { nextBoot: undefined, permanent: undefined } });
    const pair = await bootPair(be, kver, await HashCache.load(join(top, 'cache.json')));
    expect(pair.linux.sha256).toBe(sha256('kernel bytes'));
    expect(pair.initrd.sha256).toBe(sha256('initrd bytes'));
  });

  test('a kernel cmdline that is a symlink refuses the BE (its command line is unknown)', async () => {
    await symlink(join(host, 'shadow'), join(be, 'etc/kernel/cmdline'));
    await expect(readBootDir(be)).rejects.toThrow(/its command line cannot be read: \/etc\/kernel\/cmdline is a symbolic link/);
  });

  test('a kernel that is swapped for a symlink after it was hashed is not copied to the ESP', async () => {
    await writeFile(join(be, 'boot', `vmlinuz-${kver}`), 'kernel bytes');
    await writeFile(join(be, 'boot', `initrd.img-${kver}`), 'initrd bytes');
    const pair = await bootPair(be, kver, await HashCache.load(join(top, 'cache.json')));
    await rm(join(be, 'boot', `vmlinuz-${kver}`));
    await symlink(join(host, 'shadow'), join(be, 'boot', `vmlinuz-${kver}`));
    const path = bootFilePath('vmlinuz', kver, pair.linux.sha256);
    await expect(applyEspActions(esp, [{ op: 'write-file', path, from: pair.linux }])).rejects.toThrow(EspPathRefused);
    expect(existsSync(join(esp, path))).toBe(false);
  });

  test('a kernel whose bytes changed after it was hashed is not stored under the old hash', async () => {
    await writeFile(join(be, 'boot', `vmlinuz-${kver}`), 'kernel bytes');
    await writeFile(join(be, 'boot', `initrd.img-${kver}`), 'initrd bytes');
    const pair = await bootPair(be, kver, await HashCache.load(join(top, 'cache.json')));
    await writeFile(join(be, 'boot', `vmlinuz-${kver}`), 'other bytes!');
    const path = bootFilePath('vmlinuz', kver, pair.linux.sha256);
    await expect(applyEspActions(esp, [{ op: 'write-file', path, from: pair.linux }])).rejects.toThrow(/changed while it was copied/);
    expect(await readdir(join(esp, 'EFI/pve-bootenv'))).toEqual([]);
  });
});

describe('row 3: ESP file names come only from validated SHA-256 values', () => {
  const kver = '6.8.12-4-pve';

  test('a cached "hash" that is not 64 hex digits is not used', async () => {
    const kernel = join(be, 'boot', `vmlinuz-${kver}`);
    await writeFile(kernel, 'kernel bytes');
    await writeFile(join(be, 'boot', `initrd.img-${kver}`), 'initrd bytes');
    const s = await stat(kernel, { bigint: true });
    const key = [`vmlinuz-${kver}`, s.ino, s.size, s.mtimeNs, s.ctimeNs].join('|');
    const cacheFile = join(top, 'cache.json');
    await writeFile(cacheFile, JSON.stringify({ [key]: 'x/../../../../outside' }));
    const pair = await bootPair(be, kver, await HashCache.load(cacheFile));
    expect(pair.linux.sha256).toBe(sha256('kernel bytes'));
  });

  test('the ESP writer refuses a path outside our directory, whatever the plan says', async () => {
    await writeFile(join(be, 'boot', `vmlinuz-${kver}`), 'kernel bytes');
    const from = { kind: 'vmlinuz' as const, kver, sha256: 'x/../../../../outside', size: 12, source: join(be, 'boot', `vmlinuz-${kver}`) };
    const escapes = [
      { op: 'write-file' as const, path: `EFI/pve-bootenv/vmlinuz-${kver}-x/../../../../outside`, from },
      { op: 'write-file' as const, path: '../outside', from: { ...from, sha256: sha256('kernel bytes') } },
      { op: 'write-entry' as const, name: '../../outside.conf', text: 'x' },
      { op: 'write-entry' as const, name: 'proxmox-6.8.conf', text: 'x' },
      { op: 'remove-file' as const, path: 'EFI/proxmox/6.8.12-4-pve/vmlinuz-6.8.12-4-pve' },
    ];
    for (const action of escapes) await expect(applyEspActions(esp, [action])).rejects.toThrow(EspPathRefused);
    expect(await readdir(top)).toEqual(expect.not.arrayContaining(['outside', 'outside.conf']));
    expect(existsSync(join(top, 'outside'))).toBe(false);
  });

  test('a valid plan still writes its files, entries and loader.conf (directories created on the way)', async () => {
    await writeFile(join(be, 'boot', `vmlinuz-${kver}`), 'kernel bytes');
    const hash = sha256('kernel bytes');
    const from = { kind: 'vmlinuz' as const, kver, sha256: hash, size: 12, source: join(be, 'boot', `vmlinuz-${kver}`) };
    const path = bootFilePath('vmlinuz', kver, hash);
    const bytes = await applyEspActions(esp, [
      { op: 'write-file', path, from },
      { op: 'write-entry', name: `pve-bootenv-a-${kver}.conf`, text: 'title a\n' },
      { op: 'set-default', entry: `pve-bootenv-a-${kver}.conf`, loaderConf: 'default pve-bootenv-a-6.8.12-4-pve.conf\n' },
    ]);
    expect(bytes).toBeGreaterThan(12);
    expect(await readFile(join(esp, path), 'utf8')).toBe('kernel bytes');
    expect((await lstat(join(esp, 'loader/entries', `pve-bootenv-a-${kver}.conf`))).isFile()).toBe(true);
  });
});

describe('reading a BE file stays inside it', () => {
  test('a directory on the way that is a symlink is not followed', async () => {
    await mkdir(join(host, 'kernel'));
    await writeFile(join(host, 'kernel', 'cmdline'), 'host');
    await rm(join(be, 'etc/kernel'), { recursive: true });
    await symlink(join(host, 'kernel'), join(be, 'etc/kernel'));
    await expect(readContainedFile(be, 'etc/kernel/cmdline', 4096)).rejects.toThrow('/etc/kernel is a symbolic link; not followed');
  });
});

describe('row 7: temp files of the single files we replace are collected', () => {
  test("a left-behind grub/.tmp-grubenv.tmp and loader.conf temp are in the ESP's temp files", async () => {
    await mkdir(join(esp, 'grub'), { recursive: true });
    await mkdir(join(esp, 'loader'), { recursive: true });
    await writeFile(join(esp, 'grub/.tmp-grubenv.tmp'), '# GRUB Environment Block\n');
    await writeFile(join(esp, 'loader/.tmp-loader.conf.tmp'), 'default x\n');
    const snapshot = await readEspSnapshot(esp, 'test', systemdBootEsp(esp), { verify: false });
    expect(snapshot.tempFiles.map((f) => f.path).sort()).toEqual(['grub/.tmp-grubenv.tmp', 'loader/.tmp-loader.conf.tmp']);
    expect([GRUB_ENV, LOADER_CONF]).toEqual(['grub/grubenv', 'loader/loader.conf']);
    // and the writer removes them as a plan says
    await applyEspActions(esp, snapshot.tempFiles.map((f) => ({ op: 'remove-temp' as const, path: f.path })));
    expect(await readdir(join(esp, 'grub'))).toEqual([]);
  });
});
