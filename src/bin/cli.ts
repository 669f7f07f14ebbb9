// Entry point of /usr/sbin/pve-bootenv (bundled to dist/cli.mjs).
import { VERSION } from '../version.js';

const argv = process.argv.slice(2);
const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};
// --version answers before the command table and its chunks are even loaded (issue 19:
// CLI start close to `node -e 0`); runCli says the same for anyone who calls it directly.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  io.out(`pve-bootenv ${VERSION}`);
} else {
  const { runCli } = await import('../cli/main.js');
  process.exitCode = await runCli(argv, io);
}
