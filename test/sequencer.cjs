// Longest VM files first. jest alone orders a fresh machine's first run by file size, which
// started the crash test late and made it the tail of the whole run; with the measured
// durations (seconds, one vCPU per guest, two guests side by side) the two workers stay busy
// until near the end. Files not listed keep jest's own order after these.
const Sequencer = require('@jest/test-sequencer').default;

// Project vm (trixie): measured from a clean clone on 2026-12-02, before the boot record.
const TRIXIE_SECONDS = {
  'sync-crash': 2167,
  'be-commands': 1778,
  'apt-hook': 1259,
  grub: 1027,
  'run-upgrade': 994,
  prune: 758,
  'guests-survive': 579,
  sync: 441,
  'kernel-upgrade': 428,
  boot: 372,
  check: 334,
  'one-disk': 229,
  'sync-bad-input': 200,
  harness: 23,
};
// Project vm-pve8 (bookworm): measured from a clean clone on 2026-12-02 (e2ad084).
const BOOKWORM_SECONDS = { 'kernel-upgrade': 324, sync: 320, boot: 245 };

const measured = (test) => {
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
