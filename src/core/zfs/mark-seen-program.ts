// The ZFS channel programs behind the boot record (core/sync/boot-record.ts). MARK: for each
// dataset given, a snapshot @SEEN_BOOKMARK and the bookmark #SEEN_BOOKMARK of it; the sync
// reads the BE from that snapshot (a read-only mount of the dataset itself writes 8 KiB at
// its umount once the BE was ever written, which would count as a change), then DROP
// destroys the snapshots. One `zfs program` call each for every BE in one transaction group:
// a sync that reads 20 BEs pays two process starts, not 60. A channel program cannot destroy
// a bookmark (zfs.sync.destroy answers ENOENT for one on OpenZFS 2.1): an old one is
// destroyed by `zfs destroy` before. MARK returns the datasets it could not mark, each with
// the errno of the step that failed; those are read as they are and not recorded.
import { SEEN_BOOKMARK } from '../be/boot-environment.js';

export const MARK_SEEN_PROGRAM = `-- pve-bootenv: ds@${SEEN_BOOKMARK} and ds#${SEEN_BOOKMARK} of each dataset given.
local failed = {}
for _, ds in ipairs((...)["argv"]) do
  local snap = ds .. "@${SEEN_BOOKMARK}"
  -- A leftover of a run that was killed before DROP.
  zfs.sync.destroy(snap)
  local err = zfs.sync.snapshot(snap)
  if err == 0 then
    err = zfs.sync.bookmark(snap, ds .. "#${SEEN_BOOKMARK}")
    if err ~= 0 then zfs.sync.destroy(snap) end
  end
  if err ~= 0 then failed[ds] = err end
end
return failed
`;

export const DROP_SEEN_SNAPSHOTS_PROGRAM = `-- pve-bootenv: ds@${SEEN_BOOKMARK} of each dataset given is destroyed.
for _, ds in ipairs((...)["argv"]) do
  zfs.sync.destroy(ds .. "@${SEEN_BOOKMARK}")
end
`;

/** The snapshot a marked BE is read from. */
export function seenSnapshot(dataset: string): string {
  return `${dataset}@${SEEN_BOOKMARK}`;
}

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
