// The ESP's grub.cfg, which update-grub generates under proxmox-boot-tool: GRUB shows our
// menu only when it sources it (our /etc/grub.d/42_pve-bootenv adds that line).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GRUB_CFG, grubSetupProblems } from '../../../core/bootloader/grub.js';
import type { SetupProblem } from '../../../core/bootloader/strategy.js';

export async function grubCfgProblems(root: string): Promise<SetupProblem[]> {
  return grubSetupProblems(await readFile(join(root, GRUB_CFG), 'utf8').catch(() => ''));
}
