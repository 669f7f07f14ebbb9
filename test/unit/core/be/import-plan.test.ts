import { describe, expect, test } from '@jest/globals';
import { receivedTreeProblem, receiveStep } from '../../../../src/core/be/import-plan.js';
import { describeStep } from '../../../../src/core/be/steps.js';

describe('receiveStep', () => {
  test('unmounted, placed like every BE', () => {
    expect(describeStep(receiveStep('rpool/ROOT/up'))).toBe('zfs receive -u -o canmount=noauto -o mountpoint=/ rpool/ROOT/up');
  });
});

describe('receivedTreeProblem', () => {
  const R = 'rpool/ROOT';
  test('one file system is a BE', () => {
    expect(receivedTreeProblem([{ name: `${R}/up`, type: 'filesystem' }])).toBeUndefined();
  });

  test('datasets under it are refused, the first two named', () => {
    const tree = ['up', 'up/a', 'up/b', 'up/c'].map((n) => ({ name: `${R}/${n}`, type: 'filesystem' }));
    expect(receivedTreeProblem(tree)).toBe(
      `the stream holds 3 dataset(s) under it (${R}/up/a, ${R}/up/b, …); a boot environment is one file system: export it with 'pve-bootenv export' (zfs send -p, not -R)`,
    );
    expect(receivedTreeProblem(tree.slice(0, 2))).toMatch(/^the stream holds 1 dataset\(s\) under it \(rpool\/ROOT\/up\/a\);/);
  });

  test('a volume is no root file system; nothing at all is no BE either', () => {
    expect(receivedTreeProblem([{ name: `${R}/up`, type: 'volume' }])).toMatch(/^the stream is a volume, not a file system;/);
    expect(receivedTreeProblem([])).toMatch(/^the stream is a dataset of an unknown type, not a file system;/);
  });
});
