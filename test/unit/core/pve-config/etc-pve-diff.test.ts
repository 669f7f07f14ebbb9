import { describe, expect, test } from '@jest/globals';
import { diffEtcPve, isRuntimeState } from '../../../../src/core/pve-config/etc-pve-diff.js';
import { buildConfigTree } from '../../../../src/core/pve-config/tree.js';
import { rowsOf } from './tree-rows.js';

const treeOf = (files: Record<string, string>) => buildConfigTree(rowsOf(files));

const host = {
  'storage.cfg': 'dir: local\n\tpath /var/lib/vz\n',
  'user.cfg': 'user:root@pam:1:0:::::\n',
  'jobs.cfg': 'vzdump: backup-1\n',
  'nodes/pve/qemu-server/100.conf': 'memory: 2048\nnet0: virtio=A\n',
  'nodes/pve/qemu-server/105.conf': 'memory: 1024\n',
  'nodes/pve/lxc/101.conf': 'memory: 512\nnet0: name=eth0\n',
};

describe('diffEtcPve', () => {
  test('the same /etc/pve: nothing', () => {
    expect(diffEtcPve(treeOf(host), treeOf(host))).toEqual({ guests: [], files: [] });
  });

  test('guests missing in the BE, configured otherwise, only in the BE: in that order, then by VMID', () => {
    const be = {
      ...host,
      'nodes/pve/qemu-server/105.conf': undefined,
      'nodes/pve/lxc/101.conf': 'memory: 256\nnet0: name=eth1\n',
      'nodes/pve/qemu-server/107.conf': 'memory: 64\n',
      'nodes/pve/qemu-server/99999.conf': 'memory: 64\n',
      'nodes/pve/qemu-server/100.conf': 'memory: 4096\nnet0: virtio=A\n',
    };
    const diff = diffEtcPve(treeOf({ ...host, 'nodes/pve/qemu-server/999.conf': 'memory: 1\n' }), treeOf(withoutUndefined(be)));
    expect(diff.guests).toEqual([
      { kind: 'VM', vmid: 105, change: 'missing' },
      { kind: 'VM', vmid: 999, change: 'missing' },
      { kind: 'VM', vmid: 100, change: 'differs', keys: ['memory'] },
      { kind: 'CT', vmid: 101, change: 'differs', keys: ['memory', 'net0'] },
      { kind: 'VM', vmid: 107, change: 'extra' },
      { kind: 'VM', vmid: 99999, change: 'extra' },
    ]);
    expect(diff.files).toEqual([]);
  });

  test('a VMID that is a VM on one side and a CT on the other is two guests', () => {
    const diff = diffEtcPve(treeOf({ 'nodes/pve/qemu-server/200.conf': 'memory: 1\n' }), treeOf({ 'nodes/pve/lxc/200.conf': 'memory: 1\n' }));
    expect(diff.guests).toEqual([
      { kind: 'VM', vmid: 200, change: 'missing' },
      { kind: 'CT', vmid: 200, change: 'extra' },
    ]);
  });

  test('a guest on another node (migrated since) differs in node', () => {
    const diff = diffEtcPve(treeOf({ 'nodes/pve2/qemu-server/100.conf': 'memory: 1\n' }), treeOf({ 'nodes/pve1/qemu-server/100.conf': 'memory: 2\n' }));
    expect(diff.guests).toEqual([{ kind: 'VM', vmid: 100, change: 'differs', keys: ['memory', 'node'] }]);
  });

  test('text that differs only in layout is the same configuration', () => {
    const diff = diffEtcPve(treeOf({ 'nodes/pve/lxc/101.conf': 'memory: 512\ncores: 1\n' }), treeOf({ 'nodes/pve/lxc/101.conf': 'cores: 1\n\nmemory:512\n' }));
    expect(diff.guests).toEqual([]);
  });

  test('other files: missing in the BE, differing, only in the BE: in that order, then by path', () => {
    const be = withoutUndefined({ ...host, 'storage.cfg': 'dir: local\n', 'jobs.cfg': undefined, 'firewall/107.fw': '[OPTIONS]\n', 'datacenter.cfg': 'keyboard: de\n' });
    expect(diffEtcPve(treeOf(host), treeOf(be)).files).toEqual([
      { path: 'jobs.cfg', change: 'missing' },
      { path: 'storage.cfg', change: 'differs' },
      { path: 'datacenter.cfg', change: 'extra' },
      { path: 'firewall/107.fw', change: 'extra' },
    ]);
  });

  test('the example of issue 15: a guest made since and a guest changed since', () => {
    const before = { 'storage.cfg': 'dir: local\n', 'nodes/pve/qemu-server/100.conf': 'memory: 2048\n', 'nodes/pve/lxc/101.conf': 'memory: 512\nnet0: name=eth0,ip=dhcp\n' };
    const now = { ...before, 'nodes/pve/lxc/101.conf': 'memory: 1024\nnet0: name=eth0,ip=192.0.2.10/24\n', 'nodes/pve/qemu-server/105.conf': 'memory: 8192\n' };
    expect(diffEtcPve(treeOf(now), treeOf(before))).toEqual({
      guests: [
        { kind: 'VM', vmid: 105, change: 'missing' },
        { kind: 'CT', vmid: 101, change: 'differs', keys: ['memory', 'net0'] },
      ],
      files: [],
    });
  });

  test('what only looks like a guest configuration is a file', () => {
    const odd = { 'nodes/pve/qemu-server/99.conf': 'x', 'nodes/pve/qemu-server/abc.conf': 'x', 'nodes/pve/qemu-server/100.conf.tmp': 'x', 'nodes/p_v/lxc/100.conf': 'x' };
    const diff = diffEtcPve(treeOf({}), treeOf(odd));
    expect(diff.guests).toEqual([]);
    expect(diff.files.map((f) => f.path)).toEqual(Object.keys(odd).sort());
  });

  test('files pmxcfs users rewrite by themselves are not differences', () => {
    const churn = {
      'authkey.pub': 'new key',
      'authkey.pub.old': 'old key',
      'priv/authkey.key': 'secret',
      'ha/manager_status': '{}',
      'nodes/pve/lrm_status': '{}',
      'priv/lock/file-replication_cfg/owner': 'x',
      'user.cfg.tmp.4711': 'half written',
    };
    expect(diffEtcPve(treeOf({ ...host, ...churn }), treeOf(host))).toEqual({ guests: [], files: [] });
    for (const path of Object.keys(churn)) expect(isRuntimeState(path)).toBe(true);
    for (const path of ['user.cfg', 'priv/shadow.cfg', 'ha/resources.cfg', 'nodes/pve/qemu-server/100.conf']) expect(isRuntimeState(path)).toBe(false);
  });

  test('a file that became a directory (or the other way) is missing on one side and extra on the other', () => {
    const diff = diffEtcPve(treeOf({ 'sdn/zones.cfg': 'x' }), treeOf({ sdn: 'a file now' }));
    expect(diff.files).toEqual([
      { path: 'sdn/zones.cfg', change: 'missing' },
      { path: 'sdn', change: 'extra' },
    ]);
  });
});

function withoutUndefined(files: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
