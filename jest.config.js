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
export default {
  testSequencer: '<rootDir>/test/sequencer.cjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // Each VM test file runs its own guest; `npm test` runs two at a time with one vCPU each,
    // which uses the 2 host cores best under TCG (see scripts/test).
    {
      ...common,
      displayName: 'vm',
      testMatch: ['<rootDir>/test/vm/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/vm/setup.ts'],
    },
  ],
};
