// The ZFS channel program that moves each boot environment's SEEN_BOOKMARK to "now" (see
// core/sync/boot-record.ts): for each dataset given, drop the old bookmark, take a snapshot,
// bookmark it and drop the snapshot again. One `zfs program` call does it for every BE in
// one transaction group, so no other program ever sees the snapshot, and a sync that reads
// 20 BEs pays one process start, not 60. It returns the datasets it could not mark, each
// with the errno of the step that failed; those are simply not recorded.
import { SEEN_BOOKMARK } from '../be/boot-environment.js';

export const MARK_SEEN_PROGRAM = `-- pve-bootenv: ds#${SEEN_BOOKMARK} of each dataset given is moved to now.
local failed = {}
for _, ds in ipairs((...)["argv"]) do
  local snap = ds .. "@${SEEN_BOOKMARK}"
  local mark = ds .. "#${SEEN_BOOKMARK}"
  zfs.sync.destroy(mark)
  zfs.sync.destroy(snap)
  local err = zfs.sync.snapshot(snap)
  if err == 0 then
    err = zfs.sync.bookmark(snap, mark)
    zfs.sync.destroy(snap)
  end
  if err ~= 0 then failed[ds] = err end
end
return failed
`;

/**
 * The datasets `zfs program -j` says it could not mark. Output we cannot read counts as
 * all of them failed: a BE that is not recorded is read again, which is always safe.
 */
export function unmarkedDatasets(stdout: string, datasets: readonly string[]): Set<string> {
  try {
    const parsed = JSON.parse(stdout) as { return?: unknown };
    const failed = parsed.return;
    // Lua's empty table comes back as {} or [].
    if (Array.isArray(failed) && failed.length === 0) return new Set();
    if (typeof failed === 'object' && failed !== null && !Array.isArray(failed)) {
      return new Set(Object.keys(failed).filter((ds) => datasets.includes(ds)));
    }
  } catch {
    // unreadable: below
  }
  return new Set(datasets);
}
