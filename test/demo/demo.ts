// `npm run demo`: the story pve-bootenv exists for, told in the test VM (a stand-in for a
// Proxmox host with root on ZFS): apt installs a package and saves a boot environment
// first; one reboot into that boot environment and the package is gone; one more and it
// is back. Each step is printed in plain words. The VM is removed at the end, also on Ctrl-C.
import { TestVm } from '../vm/harness/vm.js';
import { bootFacts } from '../vm/harness/guest.js';
import { vmRelease } from '../vm/harness/image.js';
import { installPveBootenv } from '../vm/fixtures/guest-setup.js';
import { addPackages, createLocalRepo } from '../vm/fixtures/apt-repo.js';

const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
const say = (text: string) => console.log(`\n▶ ${text}`);
const show = (output: string) => console.log(output.replace(/^/gm, '    '));

/** Runs work while a progress line ticks (booting under TCG takes half a minute or more). */
async function withProgress<T>(what: string, work: Promise<T>): Promise<T> {
  const from = Date.now();
  const tty = process.stdout.isTTY;
  const tick = setInterval(() => {
    if (tty) process.stdout.write(`\r  ${what}… ${Math.round((Date.now() - from) / 1000)} s `);
  }, 1000);
  try {
    return await work;
  } finally {
    clearInterval(tick);
    process.stdout.write(`${tty ? '\r' : ''}  ${what}: done in ${Math.round((Date.now() - from) / 1000)} s\n`);
  }
}

const vm = TestVm.create();
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping: removing the test VM…');
    void vm.dispose().finally(() => process.exit(130));
  });
}

try {
  const host = vmRelease() === 'bookworm' ? 'a Proxmox VE 8 host (Debian 12 bookworm)' : 'a Proxmox VE 9 host (Debian 13 trixie)';
  say(`Starting the test VM, shaped like ${host} (${vm.accel.kind === 'kvm' ? 'KVM' : 'TCG, no hardware virtualisation: slower'}): root on ZFS (rpool/ROOT/pve-1), systemd-boot on two ESPs.`);
  await withProgress('booting', vm.boot());
  show(await vm.mustSh('findmnt -no SOURCE / | sed "s/^/root file system: /"; cat /etc/kernel/proxmox-boot-uuids | sed "s/^/ESP: /"'));

  say('Installing pve-bootenv (the .deb built from this checkout) and a local apt repository with a package called "cowsay-lite".');
  await withProgress('installing', (async () => {
    await installPveBootenv(vm);
    await createLocalRepo(vm);
    await addPackages(vm, { 'cowsay-lite': '1.0' });
  })());

  say('The boot environments now: just the one the host runs (N = booted now, R = boots on reboot).');
  show(await vm.mustSh('pve-bootenv list'));

  say('apt-get install cowsay-lite: before dpkg changes anything, the apt hook saves a boot environment.');
  show(await withProgress('apt-get install', vm.mustSh('DEBIAN_FRONTEND=noninteractive apt-get install -y -q cowsay-lite 2>&1 | grep -E "pve-bootenv|Setting up"', { timeoutMs: 10 * 60_000 })));
  const saved = await vm.mustSh(`zfs list -H -o name,pve-bootenv:origin -d 1 rpool/ROOT | awk '$2 == "apt" { sub("rpool/ROOT/", "", $1); print $1 }' | tail -n1`);
  show(await vm.mustSh('pve-bootenv list'));
  show(await vm.mustSh('test -e /usr/share/cowsay-lite/version && echo "cowsay-lite is installed"'));

  say(`Rolling back: boot ${saved} once (activate --next-boot), then reboot.`);
  show(await vm.mustSh(`pve-bootenv activate ${saved} --next-boot`));
  await withProgress('rebooting', vm.reboot());
  let facts = await bootFacts(vm);
  show(`root file system: ${facts.root}\nbooted entry: ${facts.entry}`);
  show(await vm.mustSh('test -e /usr/share/cowsay-lite && echo "cowsay-lite is still there?!" || echo "cowsay-lite is not installed: this is the system as it was before apt ran"'));
  show(await vm.mustSh('pve-bootenv list'));

  say('Rebooting again: the one-time choice is used up, the default boot environment comes back.');
  await withProgress('rebooting', vm.reboot());
  facts = await bootFacts(vm);
  show(`root file system: ${facts.root}`);
  show(await vm.mustSh('test -e /usr/share/cowsay-lite && echo "cowsay-lite is installed again"'));

  say(`Done in ${elapsed()}. To keep the rollback for good instead: pve-bootenv activate ${saved}`);
} catch (error) {
  console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
  if (vm.running) console.error(`--- serial console of the VM (last lines)\n${vm.serialTail(20)}`);
  process.exitCode = 1;
} finally {
  if (!stopping) await vm.dispose();
}
