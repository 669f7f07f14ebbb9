// `pve-bootenv list`: one `zfs list` for the BEs, one look at each ESP (mounted read-only)
// for which of them have entries there (loader entries, or our GRUB menu's).
import { listView, type ListView } from '../core/be/list-view.js';
import { discoverEsps } from '../adapters/esp/discover.js';
import { mountEsp, unmountEsp } from '../adapters/esp/mount.js';
import { readOurEntries } from '../adapters/bootloader/registry.js';
import { zfsMounts } from '../adapters/mount-table.js';
import { isPrivateBeMount } from '../adapters/be-mount.js';
import { readHostState } from './host-state.js';
import { readVerification } from '../adapters/verification-file.js';
import { messageOf } from '../core/errors.js';

export interface ListResult {
  view: ListView;
  problems: string[];
}

export async function list(): Promise<ListResult> {
  const state = await readHostState();
  const problems: string[] = [];
  const [mountpoints, esps, verification] = await Promise.all([zfsMounts(), readEspEntries(problems), readVerification()]);
  // Our own private read-only mounts are not the admin's business.
  for (const [dataset, dir] of mountpoints) if (isPrivateBeMount(dir)) mountpoints.delete(dataset);
  const view = listView(state.beRoot, {
    bes: state.bes,
    booted: state.booted,
    defaultDataset: state.defaultDataset,
    nextBootDataset: state.nextBootDataset,
    mountpoints,
    esps,
  });
  return { view: { ...view, lastVerification: verification ?? null }, problems };
}

async function readEspEntries(problems: string[]): Promise<Array<{ esp: string; entries: Array<{ name: string; text: string }> }>> {
  const discovery = await discoverEsps();
  problems.push(...discovery.problems);
  const result = [];
  for (const location of discovery.esps) {
    let dir: string;
    try {
      dir = location.kind === 'listed' ? await mountEsp(location.id, location.device, { readOnly: true }) : location.dir;
    } catch (error) {
      problems.push(`ESP ${location.id}: cannot mount it: ${messageOf(error)}`);
      continue;
    }
    try {
      result.push({ esp: location.id, entries: await readOurEntries(location, dir) });
    } catch (error) {
      problems.push(`ESP ${location.id}: ${messageOf(error)}`);
    } finally {
      // Mounted read-only in our private namespace: nothing to flush, and the mount ends with
      // the process; the entries read are the list's either way.
      if (location.kind === 'listed') await unmountEsp(dir).catch(() => undefined);
    }
  }
  return result;
}
