// Longest VM files first. jest alone orders a fresh machine's first run by file size, which
// started the crash test late and made it the tail of the whole run; with the measured
// durations (seconds, one vCPU per guest, two guests side by side) the two workers stay busy
// until near the end. Files not listed keep jest's own order after these.
const Sequencer = require('@jest/test-sequencer').default;

// Seconds of one file, one vCPU beside another guest, measured from a clean clone: trixie
// on 2026-12-03 (every file there, 47e54d2), bookworm on 2026-12-03 (e2ad084, every file
// there, on a machine that ran the same files ~1.4x faster).
const TRIXIE_SECONDS = {
  'sync-crash': 1408,
  'be-commands': 1288,
  'apt-hook': 833,
  grub: 822,
  'run-upgrade': 790,
  'guests-survive': 574,
  // Measured alone with 2 vCPUs (433 s, 2026-12-04); one vCPU beside another guest is ~1.4x.
  trial: 600,
  prune: 552,
  sync: 495,
  'kernel-upgrade': 434,
  boot: 346,
  check: 265,
  'one-disk': 229,
  'sync-bad-input': 200,
  harness: 25,
};
const BOOKWORM_SECONDS = {
  'sync-crash': 1008,
  'be-commands': 894,
  'apt-hook': 796,
  grub: 686,
  'run-upgrade': 628,
  prune: 424,
  'guests-survive': 404,
  'kernel-upgrade': 324,
  sync: 320,
  boot: 245,
  check: 232,
  'sync-bad-input': 200,
  'one-disk': 119,
  harness: 23,
};

// The set-up on a bare Debian (project machine), its packages already downloaded once.
const MACHINE_SECONDS = { 'bare-setup': 116 };

const measured = (test) => {
  const machine = /[/\\]test[/\\]machine[/\\]([^/\\]+)\.test\.ts$/.exec(test.path);
  if (machine) return MACHINE_SECONDS[machine[1]] ?? 0;
  const match = /[/\\]test[/\\]vm[/\\]([^/\\]+)\.test\.ts$/.exec(test.path);
  if (!match) return 0;
  const project = test.context?.config?.displayName?.name;
  const table = project === 'vm-pve8' ? BOOKWORM_SECONDS : TRIXIE_SECONDS;
  return table[match[1]] ?? 0;
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const byJest = super.sort(tests);
    return [...byJest].sort((a, b) => measured(b) - measured(a));
  }
}

module.exports = LongestFirst;
