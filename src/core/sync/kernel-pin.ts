// proxmox-boot-tool's kernel pins, read from a boot environment's own /etc/kernel:
// `proxmox-boot-tool kernel pin <kver>` writes the first line of proxmox-boot-pin, and with
// --next-boot that of next-boot-pin, which wins while it exists (proxmox-boot-cleanup.service
// removes it on the next boot). Each BE keeps its own pins, as it keeps its own kernels:
// the pin of the BE that boots by default chooses the kernel its default entry boots.

export const PIN_FILES = { nextBoot: 'etc/kernel/next-boot-pin', permanent: 'etc/kernel/proxmox-boot-pin' } as const;

export interface PinFiles {
  /** The text of etc/kernel/next-boot-pin, if there is one. */
  nextBoot?: string | undefined;
  /** The text of etc/kernel/proxmox-boot-pin, if there is one. */
  permanent?: string | undefined;
}

export interface KernelPin {
  kver: string;
  /** The file it came from, relative to the BE's root. */
  from: (typeof PIN_FILES)[keyof typeof PIN_FILES];
}

/** The version a pin file names: its first line, without blanks (empty: no pin, as p-b-t reads it). */
export function pinnedVersion(text: string): string | undefined {
  const first = text.split('\n', 1)[0]!.trim();
  return first === '' ? undefined : first;
}

/** The pin in force: the next-boot pin while there is one, else the permanent one. */
export function kernelPin(files: PinFiles): KernelPin | undefined {
  const nextBoot = files.nextBoot === undefined ? undefined : pinnedVersion(files.nextBoot);
  if (nextBoot !== undefined) return { kver: nextBoot, from: PIN_FILES.nextBoot };
  const permanent = files.permanent === undefined ? undefined : pinnedVersion(files.permanent);
  return permanent === undefined ? undefined : { kver: permanent, from: PIN_FILES.permanent };
}

/**
 * The kernel a BE's default entry boots when it is pinned: the pinned one if the BE has it,
 * else none, with the line that says why the pin is not followed.
 */
export function followedPin(pin: KernelPin | undefined, available: readonly string[]): { kver?: string; problem?: string } {
  if (pin === undefined) return {};
  if (available.includes(pin.kver)) return { kver: pin.kver };
  return { problem: `/${pin.from} pins kernel "${pin.kver}", which its /boot does not have (with an initrd); its newest kernel boots by default` };
}
