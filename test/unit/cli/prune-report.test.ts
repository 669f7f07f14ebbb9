import { describe, expect, test } from '@jest/globals';
import { renderPruneReport } from '../../../src/cli/render/prune-report.js';
import type { PruneReport } from '../../../src/engine/prune.js';

const plan: PruneReport['plan'] = {
  verdicts: [
    { name: 'apt-3', action: 'keep', reasons: ['last 2'] },
    { name: 'pve-1', action: 'keep', reasons: ['booted', 'default'] },
    { name: 'apt-1', action: 'destroy', reasons: ['beyond every keep rule'] },
  ],
  destroy: ['apt-1'],
  poolUsedPercentBefore: 61.04,
  poolUsedPercentAfter: 58.5,
};

describe('renderPruneReport', () => {
  test('a dry run: every BE with its verdict and reasons, aligned, and the pool estimate', () => {
    expect(renderPruneReport({ dryRun: true, plan, destroyed: [], failed: [] })).toEqual([
      'keep          apt-3  last 2',
      'keep          pve-1  booted; default',
      'would destroy apt-1  beyond every keep rule',
      'pool used: 61.0 %, about 58.5 % after',
    ]);
  });

  test('nothing to prune, a space note, and what could not be destroyed', () => {
    const lines = renderPruneReport({
      dryRun: false,
      plan: { ...plan, destroy: [], verdicts: plan.verdicts.slice(0, 2), spaceNote: 'pool at 95 % > 85 % after pruning; nothing more may go' },
      destroyed: [],
      failed: [{ name: 'apt-0', message: 'dataset is busy' }],
    });
    expect(lines.slice(2)).toEqual(['pool used: 61.0 %', 'pool at 95 % > 85 % after pruning; nothing more may go', 'nothing to prune', 'could not destroy apt-0: dataset is busy']);
  });
});
