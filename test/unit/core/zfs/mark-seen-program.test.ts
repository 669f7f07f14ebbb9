import { describe, expect, test } from '@jest/globals';
import { MARK_SEEN_PROGRAM, unmarkedDatasets } from '../../../../src/core/zfs/mark-seen-program.js';

const datasets = ['rpool/ROOT/a', 'rpool/ROOT/b'];

describe('the seen-bookmark channel program', () => {
  test('names the bookmark zfs list reads written# of', () => {
    expect(MARK_SEEN_PROGRAM).toContain('ds .. "#pve-bootenv-seen"');
    // zfs.sync.destroy cannot destroy a bookmark (ENOENT on 2.1): markSeen does that first.
    expect(MARK_SEEN_PROGRAM).not.toContain("zfs.sync.destroy(mark)");
  });
  test.each([
    ['all marked ({})', '{"return": {}}', []],
    ['all marked ([])', '{"return": []}', []],
    ['one failed', '{"return": {"rpool/ROOT/b": 17}}', ['rpool/ROOT/b']],
    ['a name it was not given is ignored', '{"return": {"rpool/ROOT/x": 1}}', []],
    ['unreadable output: none counts as marked', 'oops', datasets],
    ['no return: none counts as marked', '{}', datasets],
  ])('%s', (_why, stdout, failed) => {
    expect([...unmarkedDatasets(stdout, datasets)]).toEqual(failed);
  });
});
