// `npm run bench`: the ESP sync figures, measured side by side in one run in the test VM.
//  - no-op sync wall time with 20 boot environments on 2 ESPs (and bytes it wrote);
//  - the same against the bare commands it cannot avoid (zfs list, mounting both ESPs);
//  - ESP bytes used by N boot environments sharing a kernel, against N independent copies
//    (one kernel+initrd directory per BE, as zectl and the seed article lay it out);
//  - how many boot environments fit on a 512 MiB ESP next to proxmox-boot-tool's kernels.
// Prints a table and writes build/bench-esp-sync.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../vm/harness/project-root.js';
import { TestVm } from '../vm/harness/vm.js';
import { installPveBootenv } from '../vm/fixtures/guest-setup.js';

const BES = 20;
const RUNS = 5;
const MiB = 1024 * 1024;

/** Median wall time (ms) of a guest command, timed inside the guest. */
async function median(vm: TestVm, command: string): Promise<number> {
  const out = await vm.mustSh(
    `for i in $(seq 1 ${RUNS}); do s=$(date +%s%N); ${command} >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done`,
    { timeoutMs: 30 * 60_000 },
  );
  const times = out.split('\n').map(Number).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const results: Record<string, number | string> = {};
await TestVm.with(async (vm) => {
  results['accelerator'] = vm.accel.kind;
  await installPveBootenv(vm);
  await vm.mustSh(`zfs set canmount=noauto rpool/ROOT/pve-1
    for i in $(seq 2 ${BES}); do zfs snapshot rpool/ROOT/pve-1@be$i; zfs clone -o canmount=noauto -o mountpoint=/ rpool/ROOT/pve-1@be$i rpool/ROOT/be$i; done`);
  await vm.mustSh(`cat >/etc/pve-bootenv.conf <<'EOF2'
[esp]
max-loaded = ${BES}
EOF2
pve-bootenv sync >/dev/null`, { timeoutMs: 30 * 60_000 });

  const report = JSON.parse(await vm.mustSh('pve-bootenv sync --json')) as { bytesWritten: number };
  results['no-op sync: bytes written'] = report.bytesWritten;
  results[`no-op sync, ${BES} BEs, 2 ESPs: median ms`] = await median(vm, 'pve-bootenv sync');
  results['bare: zfs list of the BEs, median ms'] = await median(vm, 'zfs list -H -p -d 1 rpool/ROOT');
  results['bare: mount+umount both ESPs, median ms'] = await median(
    vm,
    'for u in $(cat /etc/kernel/proxmox-boot-uuids); do d=$(mktemp -d); mount /dev/disk/by-uuid/$u $d; umount $d; rmdir $d; done',
  );
  results['node start (node -e 0), median ms'] = await median(vm, 'node -e 0');

  const [ourBytes, pairBytes, proxmoxBytes, espBytes, proxmoxKernels, cluster] = (
    await vm.mustSh(`u=$(head -n1 /etc/kernel/proxmox-boot-uuids); d=$(mktemp -d); mount -o ro /dev/disk/by-uuid/$u $d
      du -sb $d/EFI/pve-bootenv | cut -f1
      k=$(ls $d/EFI/proxmox | head -n1); stat -c %s $d/EFI/proxmox/$k/* | awk '{ s += $1 } END { print s }'
      du -sb $d/EFI/proxmox $d/EFI/systemd $d/EFI/BOOT | awk '{ s += $1 } END { print s }'
      df -B1 --output=size $d | tail -n1
      ls $d/EFI/proxmox | wc -l
      stat -f -c %S $d
      umount $d; rmdir $d`)
  ).split('\n').map(Number) as [number, number, number, number, number, number];
  results[`ESP MiB for ${BES} BEs sharing a kernel (ours)`] = +(ourBytes / MiB).toFixed(1);
  results[`ESP MiB for ${BES} BEs as independent copies`] = +((BES * pairBytes) / MiB).toFixed(1);
  results['dedupe ratio (independent / ours)'] = +((BES * pairBytes) / ourBytes).toFixed(1);
  // Room for us on a 512 MiB ESP next to what proxmox-boot-tool and systemd-boot keep there,
  // less our reserve. Every BE with a kernel or initrd of its own needs one pair of files.
  const room = espBytes - proxmoxBytes - 32 * MiB;
  results[`BEs with their own kernel+initrd that fit next to p-b-t's ${proxmoxKernels} kernel(s)`] = Math.floor(room / pairBytes);
  // ...while BEs sharing the pair need only an entry each: one vfat cluster.
  results['BEs sharing one kernel+initrd that fit (one cluster per entry)'] = Math.floor((room - pairBytes) / cluster);
});

const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [key, value] of Object.entries(results)) console.log(`${key.padEnd(width)}  ${value}`);
mkdirSync(join(projectRoot(), 'build'), { recursive: true });
writeFileSync(join(projectRoot(), 'build/bench-esp-sync.json'), `${JSON.stringify(results, null, 2)}\n`);
