// Four projects: `unit` (pure logic, no I/O, no root), `machine` (the README's set-up on a
// bare Debian, in a chroot), and the real stack in the QEMU test VM: `vm` on trixie
// (Proxmox VE 9) and `vm-pve8` on bookworm (Proxmox VE 8).
// Native ESM through @swc/jest; type checking is `npm run typecheck`.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
};
/**
 * The VM test files the bookworm (Proxmox VE 8) compatibility run repeats beside the whole
 * suite on trixie: the boot path (systemd 252, its systemd-boot package, nodejs 18) and
 * kernel upgrades (its DKMS, bootctl and EFI variables, and the boot record's bookmarks and
 * channel program on OpenZFS 2.1). README, "Supported releases".
 */
export const PVE8_FILES = ['boot', 'kernel-upgrade'];

export default {
  testSequencer: '<rootDir>/test/sequencer.cjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // The host itself as a bare Debian (a fresh debootstrap entered with chroot): the
    // README's set-up. Root and the network, no VM.
    { ...common, displayName: 'machine', testMatch: ['<rootDir>/test/machine/**/*.test.ts'] },
    // Each VM test file runs its own guest; `npm test` runs two at a time with one vCPU each,
    // which uses the 2 host cores best under TCG (see scripts/test). Every file boots Proxmox
    // VE 9's Debian (trixie), what new hosts run; a release named in $PVE_BOOTENV_VM_RELEASE wins.
    {
      ...common,
      displayName: 'vm',
      testMatch: ['<rootDir>/test/vm/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/vm/release-pve9.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/vm/setup.ts'],
    },
    {
      ...common,
      displayName: 'vm-pve8',
      testMatch: PVE8_FILES.map((name) => `<rootDir>/test/vm/${name}.test.ts`),
      setupFiles: ['<rootDir>/test/vm/release-pve8.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/vm/setup.ts'],
    },
  ],
};
