// Facts about a running guest that the tests assert on after every boot.
import type { TestVm } from './vm.js';

/** systemd-boot's vendor GUID for its EFI variables (Boot Loader Interface). */
const LOADER_GUID = '4a67b082-0a4c-41cf-b6c7-440b29bb8c4f';

/** A UTF-16 EFI variable of systemd-boot as text, or '' if unset. */
export async function loaderVariable(vm: TestVm, name: string): Promise<string> {
  const path = `/sys/firmware/efi/efivars/${name}-${LOADER_GUID}`;
  // The first 4 bytes are the variable's attributes; efivarfs files cannot seek.
  const out = await vm.mustSh(`if [ -e ${path} ]; then cat ${path} | tail -c +5 | iconv -f UTF-16LE -t UTF-8 | tr -d '\\000'; fi`);
  return out.trim();
}

export interface BootFacts {
  /** What `findmnt -no SOURCE /` prints. */
  root: string;
  cmdline: string;
  /** The loader entry systemd-boot booted (LoaderEntrySelected). */
  entry: string;
  /** The boot loader that started the kernel (LoaderInfo). */
  loader: string;
  /** `systemctl is-system-running --wait`: "running" unless a unit failed. */
  state: string;
}

export async function bootFacts(vm: TestVm): Promise<BootFacts> {
  const [root, cmdline, state] = await Promise.all([
    vm.mustSh('findmnt -no SOURCE /'),
    vm.mustSh('cat /proc/cmdline'),
    vm.sh('systemctl is-system-running --wait', { timeoutMs: 180_000 }).then((r) => r.stdout.trim()),
  ]);
  return {
    root,
    cmdline,
    entry: await loaderVariable(vm, 'LoaderEntrySelected'),
    loader: await loaderVariable(vm, 'LoaderInfo'),
    state,
  };
}
