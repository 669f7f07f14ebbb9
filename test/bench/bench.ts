// `npm run bench`: the performance figures, measured side by side in one run in the test
// VM (under TCG only the ratios mean something):
//  - the apt hook's added wall time against the bare `zfs snapshot` + `zfs clone` it
//    performs plus `node -e 0`;
//  - start-up of the bundled CLI (`pve-bootenv --version`) against `node -e 0`;
//  - no-op sync wall time with 20 boot environments on 2 ESPs (and bytes it wrote);
//  - the same against the bare commands it cannot avoid (zfs list, mounting both ESPs);
//  - ESP bytes used by N boot environments sharing a kernel, against N independent copies
//    (one kernel+initrd directory per BE, as zectl and the seed article lay it out);
//  - how many boot environments fit on a 512 MiB ESP next to proxmox-boot-tool's kernels;
//  - `list` with 20, 100 and 500 boot environments against one `zfs list -H -p` of them.
// Prints a table and writes build/bench.json.
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

/** Like median, with a cleanup after each run that is not timed. */
async function medianWithCleanup(vm: TestVm, command: string, cleanup: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(Number(await vm.mustSh(`s=$(date +%s%N); ${command} >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))`, { timeoutMs: 10 * 60_000 })));
    await vm.mustSh(cleanup);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const results: Record<string, number | string> = {};
await TestVm.with(async (vm) => {
  results['accelerator'] = vm.accel.kind;
  await installPveBootenv(vm);

  // The apt hook as apt runs it (protocol 3 on fd 3; timeout stands in for the apt process,
  // one transaction per call), each BE destroyed again so every run starts alike; against what it cannot avoid: node, a snapshot and a clone.
  await vm.mustSh(`printf '%s\\n' 'VERSION 3' 'APT::Architecture=amd64' 'CommandLine::AsString=apt-get install demo' '' 'demo 1 all none < 2 all none /var/cache/apt/archives/demo_2_all.deb' > /root/hook-input`);
  const hook = await medianWithCleanup(vm, 'APT_HOOK_INFO_FD=3 timeout 600 /etc/pve-bootenv/apt-hook pre-install-pkgs 3</root/hook-input 2>/dev/null',
    `for be in $(zfs list -H -o name -d 1 rpool/ROOT | grep /apt-); do zfs destroy -r $be; done; for s in $(zfs list -H -t snapshot -o name rpool/ROOT/pve-1 | grep @apt-); do zfs destroy $s; done`);
  const bare = await medianWithCleanup(vm, 'node -e 0; zfs snapshot rpool/ROOT/pve-1@bare; zfs clone -o canmount=noauto -o mountpoint=/ rpool/ROOT/pve-1@bare rpool/ROOT/bare',
    'zfs destroy rpool/ROOT/bare; zfs destroy rpool/ROOT/pve-1@bare');
  results['apt hook (one BE, entries on 2 ESPs): median ms'] = hook;
  results['bare: node -e 0 + zfs snapshot + zfs clone, median ms'] = bare;
  results['apt hook / bare (target <= 1.3)'] = +(hook / bare).toFixed(2);
  const cli = await median(vm, 'pve-bootenv --version');
  const node = await median(vm, 'node -e 0');
  results['CLI start (pve-bootenv --version), median ms'] = cli;
  results['node -e 0, median ms'] = node;
  results['CLI start / node -e 0'] = +(cli / node).toFixed(2);
  await vm.mustSh(`zfs set canmount=noauto rpool/ROOT/pve-1
    for i in $(seq 2 ${BES}); do zfs snapshot rpool/ROOT/pve-1@be$i; zfs clone -o canmount=noauto -o mountpoint=/ rpool/ROOT/pve-1@be$i rpool/ROOT/be$i; done`);
  await vm.mustSh(`cat >/etc/pve-bootenv.conf <<'EOF2'
[esp]
max-loaded = ${BES}
EOF2
pve-bootenv sync >/dev/null`, { timeoutMs: 30 * 60_000 });

  listFigures(BES, await median(vm, 'pve-bootenv list'), await median(vm, 'zfs list -H -p -d 1 rpool/ROOT'));
  const report = JSON.parse(await vm.mustSh('pve-bootenv sync --json')) as { bytesWritten: number };
  results['no-op sync: bytes written'] = report.bytesWritten;
  results[`no-op sync, ${BES} BEs, 2 ESPs: median ms`] = await median(vm, 'pve-bootenv sync');
  results['bare: zfs list of the BEs, median ms'] = await median(vm, 'zfs list -H -p -d 1 rpool/ROOT');
  results['bare: mount+umount both ESPs, median ms'] = await median(
    vm,
    'for u in $(cat /etc/kernel/proxmox-boot-uuids); do d=$(mktemp -d); mount /dev/disk/by-uuid/$u $d; umount $d; rmdir $d; done',
  );

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

  // list: one zfs list however many BEs; the ESPs are read once each.
  for (const count of [100, 500]) {
    await vm.mustSh(`n=$(zfs list -H -d 1 -o name rpool/ROOT | grep -c /be); for i in $(seq $((n + 2)) ${count}); do zfs snapshot rpool/ROOT/pve-1@be$i; zfs clone -o canmount=noauto -o mountpoint=/ rpool/ROOT/pve-1@be$i rpool/ROOT/be$i; done`, { timeoutMs: 60 * 60_000 });
    listFigures(count, await median(vm, 'pve-bootenv list'), await median(vm, 'zfs list -H -p -d 1 rpool/ROOT'));
  }
});

function listFigures(count: number, list: number, zfsList: number): void {
  results[`list, ${count} BEs: median ms`] = list;
  results[`bare: zfs list -H -p of ${count} BEs, median ms`] = zfsList;
  results[`list / zfs list, ${count} BEs`] = +(list / zfsList).toFixed(2);
}

const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [key, value] of Object.entries(results)) console.log(`${key.padEnd(width)}  ${value}`);
mkdirSync(join(projectRoot(), 'build'), { recursive: true });
writeFileSync(join(projectRoot(), 'build/bench.json'), `${JSON.stringify(results, null, 2)}\n`);
