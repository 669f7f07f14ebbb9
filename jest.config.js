// Two projects: `unit` (pure logic, no I/O, no root) and `vm` (the real stack in the QEMU
// test VM). Native ESM through @swc/jest; type checking is `npm run typecheck`.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
};
/** The VM test files the trixie (Proxmox VE 9) run repeats beside the whole suite on bookworm. */
export const PVE9_FILES = ['boot', 'kernel-upgrade'];

export default {
  testSequencer: '<rootDir>/test/sequencer.cjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // Each VM test file runs its own guest; `npm test` runs two at a time with one vCPU each,
    // which uses the 2 host cores best under TCG (see scripts/test). Every file boots Proxmox
    // VE 8's Debian (bookworm): the whole suite on trixie measured 98 minutes here, past CI's
    // 90 (README, "Supported releases"); PVE_BOOTENV_VM_RELEASE=trixie runs it all there.
    {
      ...common,
      displayName: 'vm',
      testMatch: ['<rootDir>/test/vm/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/vm/release-pve8.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/vm/setup.ts'],
    },
    // Proxmox VE 9's Debian (trixie) runs again the files that exercise what differs most
    // between the two releases: the boot path and kernel upgrades with two kernel ABIs.
    {
      ...common,
      displayName: 'vm-pve9',
      testMatch: PVE9_FILES.map((name) => `<rootDir>/test/vm/${name}.test.ts`),
      setupFiles: ['<rootDir>/test/vm/release-pve9.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/vm/setup.ts'],
    },
  ],
};
