// Are we inside a container? Boot environments belong to the host, so every command that
// acts refuses to run in one. The answer is systemd-detect-virt --container's, from the
// same files in the same order (systemd's src/basic/virt.c), read directly: starting that
// program costs more than the rest of a `list` on a slow machine.

export interface ContainerFacts {
  /** /run/host/container-manager: written by newer container managers (systemd ≥ 248 reads it). */
  hostContainerManager?: string;
  /** /run/systemd/container: what systemd inside a container (LXC on Proxmox) writes. */
  systemdContainer?: string;
  /** /proc/1/environ, NUL-separated: a container manager sets container=… for PID 1. */
  pid1Environ?: string;
  /** OpenVZ: /proc/vz exists but /proc/bc does not. */
  procVz: boolean;
  procBc: boolean;
}

/** The container's kind (lxc, docker, openvz, …), or undefined on a host or a VM. */
export function containerKind(facts: ContainerFacts): string | undefined {
  if (facts.procVz && !facts.procBc) return 'openvz';
  for (const text of [facts.hostContainerManager, facts.systemdContainer]) {
    const kind = text?.split('\n')[0]?.trim();
    if (kind) return kind;
  }
  const variable = facts.pid1Environ?.split('\0').find((entry) => entry.startsWith('container='));
  const kind = variable?.slice('container='.length).trim();
  return kind || undefined;
}
