// The fuzz suite, one area per module (*.fuzz.ts), run as ONE test file: each test file
// costs jest a fresh module registry (fast-check and the sources loaded again), which on a
// 2-core machine took more than the properties themselves (12.5 s for 9 files, under 5 s
// as one). The plain regression cases of issue 16 are a test file of their own
// (regressions.test.ts).
import './apt.fuzz.js';
import './be.fuzz.js';
import './bootfiles.fuzz.js';
import './check.fuzz.js';
import './config-versions.fuzz.js';
import './esp-sync.fuzz.js';
import './pve-config-layout.fuzz.js';
import './retention-zfs-host.fuzz.js';
