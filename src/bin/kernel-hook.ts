// Entry point of the kernel and initramfs hooks (bundled to dist/kernel-hook.mjs), run by
// the shims in /etc/kernel/post{inst,rm}.d and /etc/initramfs/post-update.d after
// proxmox-boot-tool's own hook: prune by policy and re-sync every ESP, so each kept boot
// environment keeps its own kernel and entry and the active one stays the default.
//
// A failing kernel hook leaves the kernel package half-configured, so whatever goes wrong
// here is reported (stderr and journal) and the hook still exits 0.
import { loadConfig } from '../adapters/config-file.js';
import { insideBe } from '../adapters/host.js';
import { stderrLogger } from '../adapters/log.js';
import { withPrivilege } from '../cli/privileged.js';
import { pruneAndSync } from '../engine/prune.js';
import { messageOf } from '../core/errors.js';

const log = stderrLogger({ journal: true });
const [hookFile = '?', kver = '?'] = process.argv.slice(2);

const inside = insideBe();
if (inside !== undefined) {
  // pve-bootenv upgrade (or run) installs a kernel inside a BE: it syncs when apt is done.
  log.info(`${hookFile} ${kver}: inside boot environment ${inside}; pve-bootenv syncs the ESPs when it is done there`);
} else {
  try {
    await withPrivilege('namespace', async () => {
      for (const problem of await pruneAndSync(await loadConfig())) await log.warn(problem);
      return 0;
    });
  } catch (error) {
    await log.error(`${hookFile} ${kver}: ${messageOf(error)} (the kernel install goes on)`);
  }
}
process.exitCode = 0;
