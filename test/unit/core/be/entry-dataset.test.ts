import { describe, expect, test } from '@jest/globals';
import { datasetOfEntry } from '../../../../src/core/be/entry-dataset.js';
import { parseKernelCmdline, renderKernelCmdline, withRootDataset } from '../../../../src/core/bootfiles/kernel-cmdline.js';
import { renderLoaderEntry } from '../../../../src/core/bootfiles/loader-entry.js';

const entry = (...options: string[]) =>
  ['title    Proxmox VE', 'version  6.8.12-4-pve', ...options.map((o) => `options  ${o}`), 'linux    /EFI/pve-bootenv/vmlinuz-6.8.12-4-pve-x', ''].join('\n');

describe('dataset an entry boots', () => {
  test('what withRootDataset writes reads back', () => {
    const tokens = withRootDataset(parseKernelCmdline('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet\n'), 'rpool/ROOT/apt-1');
    const text = renderLoaderEntry({ title: 'x', linux: '/vmlinuz', initrd: [], options: renderKernelCmdline(tokens).trimEnd(), other: [] });
    expect(datasetOfEntry(text)).toBe('rpool/ROOT/apt-1');
  });

  test.each([
    [entry('root=ZFS=rpool/ROOT/pve-1 boot=zfs'), 'rpool/ROOT/pve-1'],
    [entry('root=zfs:rpool/ROOT/pve-1 boot=zfs'), 'rpool/ROOT/pve-1'],
    [entry('"root=ZFS=rpool/ROOT/pve-1"'), 'rpool/ROOT/pve-1'],
    [entry('root="ZFS=rpool/ROOT/pve-1"'), 'rpool/ROOT/pve-1'],
    // The last root= wins, across options lines too (systemd-boot joins them).
    [entry('root=ZFS=rpool/ROOT/a quiet root=ZFS=rpool/ROOT/b'), 'rpool/ROOT/b'],
    [entry('root=ZFS=rpool/ROOT/a', 'boot=zfs root=ZFS=rpool/ROOT/c'), 'rpool/ROOT/c'],
    [entry('dyndbg="root=ZFS=rpool/ROOT/fake" root=ZFS=rpool/ROOT/real'), 'rpool/ROOT/real'],
    [entry('root=ZFS=rpool/ROOT/real dyndbg="root=ZFS=rpool/ROOT/fake"'), 'rpool/ROOT/real'],
  ])('%j -> %s', (text, dataset) => {
    expect(datasetOfEntry(text)).toBe(dataset);
  });

  test.each([
    ['no options', entry()],
    ['no root=', entry('boot=zfs quiet')],
    ['another kind of root', entry('root=/dev/sda2')],
    ['a later non-ZFS root= wins', entry('root=ZFS=rpool/ROOT/a root=UUID=1234')],
    ['root=zfs:AUTO', entry('root=zfs:AUTO')],
    ['empty dataset', entry('root=ZFS=')],
    ['rootwait is not root=', entry('rootwait')],
    ['unterminated quote', entry('root=ZFS=rpool/ROOT/a "quiet')],
    ['invalid entry line', 'this is not an entry\n'],
    ['empty file', ''],
    ['control character', entry('root=ZFS=rpool/ROOT/a\x01')],
  ])('%s: undefined, no throw', (_, text) => {
    expect(datasetOfEntry(text)).toBeUndefined();
  });
});
