// Entry point of the apt hook (bundled to dist/apt-hook.mjs), run by /etc/pve-bootenv/apt-hook:
//   pre-install-pkgs  apt's package list on the info fd → one BE before dpkg starts
//   post-invoke       after dpkg → the ESPs brought up to date
// apt stops (exit 100) when a hook fails: only an admin's `on-failure = abort` may do that.
// Skips are quiet unless PVE_BOOTENV_VERBOSE=1; what we print goes to apt's terminal.
import { loadConfig } from '../adapters/config-file.js';
import { requireRoot } from '../adapters/host.js';
import { stderrLogger } from '../adapters/log.js';
import { inPrivateNamespace, reexecInPrivateNamespace } from '../adapters/namespace.js';
import { readAllOfFd } from '../adapters/read-fd.js';
import { afterDpkg, beforeDpkg } from '../engine/apt-hook.js';
import { messageOf } from '../core/errors.js';

const log = stderrLogger({ journal: true });
const verbose = process.env['PVE_BOOTENV_VERBOSE'] === '1';
const mode = process.argv[2];
const INPUT_MARK = 'PVE_BOOTENV_INPUT';

async function preInstall(): Promise<number> {
  // apt fails the run if nobody reads the info fd: read it first, whatever comes next.
  // The shim passes the fd on through flock and unshare; our own re-exec passes the text
  // on stdin (PVE_BOOTENV_INPUT=stdin).
  const infoFd = Number.parseInt(process.env['APT_HOOK_INFO_FD'] ?? '', 10);
  const fromStdin = process.env[INPUT_MARK] === 'stdin';
  const input = fromStdin ? await readAllOfFd(0) : Number.isInteger(infoFd) && infoFd >= 0 ? await readAllOfFd(infoFd) : '';
  if (!inPrivateNamespace()) {
    if (process.getuid?.() !== 0) return 0; // apt only runs hooks as root; a user's simulate never gets here
    process.env[INPUT_MARK] = 'stdin';
    return reexecInPrivateNamespace(300, { stdin: input });
  }
  const config = await loadConfig();
  const outcome = await beforeDpkg(input, config);
  switch (outcome.result) {
    case 'skipped':
      if (verbose) log.info(`no boot environment: ${outcome.why}`);
      return 0;
    case 'saved':
      log.info(outcome.line);
      return 0;
    case 'failed':
      if (outcome.abort) {
        await log.error(`${outcome.message}; apt stops before dpkg changes anything (on-failure = abort in /etc/pve-bootenv.conf)`);
        return 1;
      }
      await log.warn(`${outcome.message}; apt goes on without a boot environment`);
      return 0;
  }
}

async function postInvoke(): Promise<number> {
  requireRoot();
  if (!inPrivateNamespace()) return reexecInPrivateNamespace();
  for (const problem of await afterDpkg(await loadConfig())) await log.warn(problem);
  return 0;
}

try {
  if (mode === 'pre-install-pkgs') process.exitCode = await preInstall();
  else if (mode === 'post-invoke') process.exitCode = await postInvoke();
  else {
    await log.error(`apt hook: unknown mode "${mode ?? ''}"; /etc/apt/apt.conf.d/80pve-bootenv calls it with pre-install-pkgs or post-invoke`);
    process.exitCode = 0;
  }
} catch (error) {
  // Our own trouble (bad config, a bug) must not stop apt unless the admin asked for that.
  const message = messageOf(error);
  const abort = mode === 'pre-install-pkgs' && (await loadConfig().then((c) => c.apt.onFailure === 'abort', () => false));
  if (abort) await log.error(`${message}; apt stops (on-failure = abort)`);
  else await log.warn(`${message}; apt goes on`);
  process.exitCode = abort ? 1 : 0;
}
