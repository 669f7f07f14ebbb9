// Longest VM files first. jest alone orders a fresh machine's first run by file size, which
// started the 26-minute crash test late and made it the tail of the whole run; with the
// measured durations (seconds, one vCPU per guest, two guests side by side, 2026-11-23) the two
// workers stay busy until near the end. Files not listed keep jest's own order after these.
const Sequencer = require('@jest/test-sequencer').default;

const MEASURED_SECONDS = {
  'sync-crash': 1774,
  'apt-hook': 1295,
  'run-upgrade': 962,
  'be-commands': 1100,
  grub: 939,
  // Measured alone (348 s on two vCPUs); about 1.4x that beside another guest.
  'guests-survive': 500,
  prune: 563,
  sync: 387,
  'kernel-upgrade': 318,
  boot: 266,
  check: 233,
  'one-disk': 194,
  'sync-bad-input': 122,
  harness: 23,
};

const measured = (test) => {
  const match = /[/\\]test[/\\]vm[/\\]([^/\\]+)\.test\.ts$/.exec(test.path);
  // The trixie run of boot and kernel-upgrade (project vm-pve9) takes about what they take on bookworm.
  return match ? (MEASURED_SECONDS[match[1]] ?? 0) : 0;
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const byJest = super.sort(tests);
    return [...byJest].sort((a, b) => measured(b) - measured(a));
  }
}

module.exports = LongestFirst;
