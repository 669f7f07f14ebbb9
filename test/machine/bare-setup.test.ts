// The README's set-up on a bare Debian: both of its commands (`bash scripts/demo`,
// `bash scripts/test`) begin with `bash scripts/setup`, which must work where there is no
// node and no npm. Here that is a fresh debootstrap (minbase: less than a default install)
// with this checkout copied in: as another user setup says what to install as root and
// installs nothing; as root it installs the Debian packages and the npm ones, after which
// the machine type-checks, bundles, builds the .deb clean under lintian and runs the unit
// tests, and has the tools the VM image build checks for; a second setup has nothing to do.
// Needs root and the network to Debian's archive and the npm registry, as `bash scripts/test`
// does.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { projectRoot } from '../vm/harness/project-root.js';
import { BareDebian } from './bare-debian.js';

jest.setTimeout(20 * 60_000);

const CHECKOUT = '/srv/pve-bootenv';
const NOBODY = '65534';
let machine: BareDebian;

beforeAll(async () => {
  machine = await BareDebian.create();
  await machine.copyCheckout(projectRoot(), CHECKOUT);
});
afterAll(async () => {
  await machine?.dispose();
});

describe('bash scripts/setup on a bare Debian bookworm', () => {
  test('the machine is bare: no node, no npm', async () => {
    expect((await machine.sh('command -v node npm')).stdout).toBe('');
  });

  test('as another user: one line naming the packages to install as root, exit 1, nothing installed', async () => {
    const { code, stdout, stderr } = await machine.sh('bash scripts/setup', { user: NOBODY, cwd: CHECKOUT });
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^setup: missing Debian packages; run as root: apt-get install .*\bqemu-system-x86\b.*\bnodejs npm$/);
    expect((await machine.sh('command -v node npm; ls node_modules 2>/dev/null', { cwd: CHECKOUT })).stdout).toBe('');
  });

  test('as root: Debian packages with node and npm, then npm ci; exit 0', async () => {
    const { code, stderr } = await machine.sh('bash scripts/setup', { cwd: CHECKOUT });
    expect({ code, stderr: stderr.split('\n').filter((line) => line.startsWith('setup: ')) }).toEqual({
      code: 0,
      stderr: [expect.stringMatching(/^setup: installing .*\bnodejs npm$/), 'setup: npm ci'],
    });
    const versions = await machine.sh('node --version && npm --version');
    expect(versions.code).toBe(0);
    expect(versions.stdout).toMatch(/^v(18\.(19|[2-9]\d)|(19|[2-9]\d)\.\d+)\.\d+\n\d+\.\d+\.\d+\n$/);
  });

  test('the set-up machine runs what `bash scripts/test` runs before the VM: type check, bundles, .deb, lintian, unit tests', async () => {
    const steps = await machine.sh(
      'npx tsc --noEmit -p . && node scripts/build.mjs && deb=$(bash scripts/build-deb) && lintian --fail-on error,warning "$deb" && npm run --silent test:unit',
      { cwd: CHECKOUT },
    );
    // On failure, the end of what failed.
    expect({ code: steps.code, output: steps.code === 0 ? '' : `${steps.stdout}\n${steps.stderr}`.slice(-3000) }).toEqual({ code: 0, output: '' });
    expect(steps.stderr).toMatch(/^Tests: +\d+ passed, \d+ total$/m);
  });

  test('and has the tools the VM image build needs', async () => {
    const tools = await machine.sh(
      'for t in debootstrap qemu-system-x86_64 qemu-img mke2fs zstd flock setpriv; do command -v $t >/dev/null || echo "missing $t"; done; ls /usr/share/OVMF/OVMF_CODE.fd',
    );
    expect(tools.stdout).toBe('/usr/share/OVMF/OVMF_CODE.fd\n');
  });

  test('a second setup has nothing to do and says nothing', async () => {
    expect(await machine.sh('bash scripts/setup', { cwd: CHECKOUT })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
