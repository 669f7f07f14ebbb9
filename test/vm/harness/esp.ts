// Looking at the guest's ESPs from a test: each is mounted read-only for the look only.
import type { TestVm } from './vm.js';

/** Runs a bash snippet once per ESP with $esp set to its mount point; returns each output. */
export async function onEachEsp(vm: TestVm, snippet: string, options: { writable?: boolean } = {}): Promise<string[]> {
  const uuids = (await vm.mustSh('cat /etc/kernel/proxmox-boot-uuids')).split('\n');
  const outputs: string[] = [];
  for (const uuid of uuids) {
    outputs.push(
      await vm.mustSh(
        `esp=$(mktemp -d); mount ${options.writable ? '' : '-o ro'} /dev/disk/by-uuid/${uuid} $esp
         trap 'umount $esp; rmdir $esp' EXIT
         ( ${snippet} )`,
      ),
    );
  }
  return outputs;
}

/** sha256 and mtime of every file on every ESP: what "nothing was written" is checked against. */
export function espFingerprint(vm: TestVm): Promise<string[]> {
  return onEachEsp(vm, `cd $esp && find . -type f -printf '%p %T@ ' -exec sha256sum {} \\; | sort`);
}
