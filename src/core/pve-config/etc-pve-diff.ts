// What booting a BE would bring back of /etc/pve: its guests and files against the
// running host's, as data. Guests are named by kind and VMID (as Proxmox names them: a
// VMID is unique in a cluster), files by their path below /etc/pve.
import type { ConfigTree } from './tree.js';
import { changedParts, parseGuestConfig } from './guest-config.js';

/** Seen from the BE: `missing` there (the rollback would lose it), `extra` there (it would come back), or different. */
export type Change = 'missing' | 'extra' | 'differs';

export interface GuestChange {
  kind: 'VM' | 'CT';
  vmid: number;
  change: Change;
  /** For `differs`: the configuration keys that differ, sorted (see changedParts; `node` when it moved). */
  keys?: string[];
}

export interface FileChange {
  /** Below /etc/pve, escaped as in ConfigTree. */
  path: string;
  change: Change;
}

/** Both lists in the order missing, differs, extra; guests then by VMID, files by path. */
export interface EtcPveDiff {
  guests: GuestChange[];
  files: FileChange[];
}

const GUEST_CONFIG = /^nodes\/([A-Za-z0-9-]+)\/(qemu-server|lxc)\/([1-9][0-9]{2,8})\.conf$/;

/**
 * Files that pmxcfs users rewrite by themselves: a difference there tells the admin
 * nothing to act on, and there would be one on nearly every activation. The auth key is
 * rotated every 24 hours (tickets signed with an older one expire anyway); the HA status
 * files are rewritten every few seconds; `priv/lock/` holds cluster-wide locks; `.tmp.<pid>`
 * files are another writer's half-done write, renamed into place a moment later.
 */
export function isRuntimeState(path: string): boolean {
  return (
    path === 'authkey.pub' ||
    path === 'authkey.pub.old' ||
    path === 'priv/authkey.key' ||
    path === 'ha/manager_status' ||
    /^nodes\/[^/]+\/lrm_status$/.test(path) ||
    path.startsWith('priv/lock/') ||
    /\.tmp\.\d+$/.test(path)
  );
}

export function diffEtcPve(host: ConfigTree, be: ConfigTree): EtcPveDiff {
  const hostGuests = guestsOf(host);
  const beGuests = guestsOf(be);
  const guests: GuestChange[] = [];
  for (const [id, ours] of hostGuests) {
    const theirs = beGuests.get(id);
    if (theirs === undefined) guests.push({ ...ours.guest, change: 'missing' });
    else if (!sameBytes(ours.content, theirs.content) || ours.node !== theirs.node) {
      const keys = changedParts(parseGuestConfig(decode(ours.content)), parseGuestConfig(decode(theirs.content)));
      if (ours.node !== theirs.node) keys.push('node');
      // Only the layout of the text differs (order, blanks, skipped lines): the same configuration.
      if (keys.length > 0) guests.push({ ...ours.guest, change: 'differs', keys: keys.sort() });
    }
  }
  for (const [id, theirs] of beGuests) if (!hostGuests.has(id)) guests.push({ ...theirs.guest, change: 'extra' });
  guests.sort((a, b) => CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || a.vmid - b.vmid || byCodeUnits(a.kind, b.kind));

  const files: FileChange[] = [];
  for (const [path, content] of host.files) {
    if (isGuestConfig(path) || isRuntimeState(path)) continue;
    const theirs = be.files.get(path);
    if (theirs === undefined) files.push({ path, change: 'missing' });
    else if (!sameBytes(content, theirs)) files.push({ path, change: 'differs' });
  }
  for (const path of be.files.keys()) {
    if (isGuestConfig(path) || isRuntimeState(path)) continue;
    if (!host.files.has(path)) files.push({ path, change: 'extra' });
  }
  files.sort((a, b) => CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || byCodeUnits(a.path, b.path));
  return { guests, files };
}

/** What a rollback loses first, then what it changes, then what it brings back. */
const CHANGE_ORDER: Record<Change, number> = { missing: 0, differs: 1, extra: 2 };

/** Code-unit order, not locale order: the same on every machine. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface GuestFile {
  guest: { kind: 'VM' | 'CT'; vmid: number };
  node: string;
  content: Uint8Array;
}

function isGuestConfig(path: string): boolean {
  return GUEST_CONFIG.test(path);
}

/** Every guest configuration, by kind and VMID; a VMID on two nodes (a broken cluster) counts once, the first node by name. */
function guestsOf(tree: ConfigTree): Map<string, GuestFile> {
  const guests = new Map<string, GuestFile>();
  for (const [path, content] of tree.files) {
    const match = GUEST_CONFIG.exec(path);
    if (!match) continue;
    const [, node, dir, vmid] = match as unknown as [string, string, string, string];
    const kind = dir === 'lxc' ? 'CT' : 'VM';
    const id = `${kind} ${vmid}`;
    const earlier = guests.get(id);
    if (earlier === undefined || node < earlier.node) guests.set(id, { guest: { kind, vmid: Number(vmid) }, node, content });
  }
  return guests;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function decode(content: Uint8Array): string {
  return new TextDecoder().decode(content);
}
