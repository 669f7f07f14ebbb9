// Longest VM files first. jest alone orders a fresh machine's first run by file size, which
// started the 26-minute crash test late and made it the tail of the whole run; with the
// measured durations (seconds, one vCPU per guest, two guests side by side) the two
// workers stay busy until near the end. Files not listed keep jest's own order after these.
const Sequencer = require('@jest/test-sequencer').default;

const MEASURED_SECONDS = {
  'sync-crash': 1572,
  'apt-hook': 1194,
  'be-commands': 935,
  'run-upgrade': 910,
  grub: 900,
  prune: 619,
  sync: 385,
  'kernel-upgrade': 345,
  boot: 269,
  check: 213,
  'one-disk': 152,
  'sync-bad-input': 101,
  harness: 23,
};

const measured = (test) => {
  const match = /[/\\]test[/\\]vm[/\\]([^/\\]+)\.test\.ts$/.exec(test.path);
  return match ? (MEASURED_SECONDS[match[1]] ?? 0) : 0;
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const byJest = super.sort(tests);
    return [...byJest].sort((a, b) => measured(b) - measured(a));
  }
}

module.exports = LongestFirst;
