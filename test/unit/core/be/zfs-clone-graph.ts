// An in-memory model of ZFS datasets, snapshots and clones, with the semantics of the
// commands a destroy plan runs (promote, destroy -r, destroy of a snapshot), so the tests
// can run a plan and see that zfs would accept every step and leave every other BE whole.
// Like zfs, a command that fails changes nothing.
import type { BootEnvironment } from '../../../../src/core/be/boot-environment.js';
import type { SnapshotFacts } from '../../../../src/core/be/destroy-plan.js';

interface Snapshot {
  short: string;
  /** Global and never reused: it names the snapshot across the renames of a promotion. */
  txg: number;
}

interface Dataset {
  origin?: string;
  snapshots: Snapshot[];
}

export class ZfsError extends Error {}

export class ZfsCloneGraph {
  private readonly sets = new Map<string, Dataset>();
  private txg = 0;

  copy(): ZfsCloneGraph {
    const other = new ZfsCloneGraph();
    other.txg = this.txg;
    for (const [name, d] of this.sets) {
      other.sets.set(name, { ...(d.origin === undefined ? {} : { origin: d.origin }), snapshots: d.snapshots.map((s) => ({ ...s })) });
    }
    return other;
  }

  create(name: string): this {
    this.checkNew(name);
    this.sets.set(name, { snapshots: [] });
    return this;
  }

  snapshot(full: string): this {
    const [dataset, short] = split(full);
    const d = this.get(dataset);
    if (d.snapshots.some((s) => s.short === short)) throw new ZfsError(`cannot create snapshot '${full}': dataset already exists`);
    d.snapshots.push({ short, txg: ++this.txg });
    return this;
  }

  clone(snapshot: string, name: string): this {
    this.snapshotOf(snapshot);
    this.checkNew(name);
    this.txg++;
    this.sets.set(name, { origin: snapshot, snapshots: [] });
    return this;
  }

  /** zfs promote: the origin's snapshots up to the clone's origin, and their clones, move to the clone. */
  promote(name: string): void {
    const clone = this.get(name);
    if (clone.origin === undefined) throw new ZfsError(`cannot promote '${name}': not a cloned filesystem`);
    const [originName, originShort] = split(clone.origin);
    const origin = this.get(originName);
    const at = this.snapshotOf(clone.origin).txg;
    const moved = origin.snapshots.filter((s) => s.txg <= at);
    for (const s of moved) {
      if (clone.snapshots.some((c) => c.short === s.short)) {
        throw new ZfsError(`cannot promote '${name}': promoting would conflict with snapshot '${name}@${s.short}'`);
      }
    }
    const movedNames = new Set(moved.map((s) => `${originName}@${s.short}`));
    for (const [other, d] of this.sets) {
      if (other !== name && d.origin !== undefined && movedNames.has(d.origin)) d.origin = `${name}@${split(d.origin)[1]}`;
    }
    if (origin.origin === undefined) delete clone.origin;
    else clone.origin = origin.origin;
    origin.origin = `${name}@${originShort}`;
    origin.snapshots = origin.snapshots.filter((s) => s.txg > at);
    clone.snapshots = [...moved, ...clone.snapshots].sort((a, b) => a.txg - b.txg);
  }

  /** zfs destroy -r: the dataset, its children and all their snapshots; none may have clones. */
  destroyRecursive(name: string): void {
    this.get(name);
    const doomed = this.datasets().filter((d) => d === name || d.startsWith(`${name}/`));
    for (const d of doomed) {
      for (const s of this.get(d).snapshots) {
        const clones = this.clonesOf(`${d}@${s.short}`);
        if (clones.length > 0) {
          throw new ZfsError(`cannot destroy '${name}': filesystem has dependent clones (${clones.join(', ')}); use '-R'`);
        }
      }
    }
    for (const d of doomed) this.sets.delete(d);
  }

  destroySnapshot(full: string): void {
    const [dataset, short] = split(full);
    this.snapshotOf(full);
    const clones = this.clonesOf(full);
    if (clones.length > 0) throw new ZfsError(`cannot destroy '${full}': snapshot has dependent clones (${clones.join(', ')})`);
    const d = this.get(dataset);
    d.snapshots = d.snapshots.filter((s) => s.short !== short);
  }

  exists(dataset: string): boolean {
    return this.sets.has(dataset);
  }

  snapshotExists(full: string): boolean {
    const [dataset, short] = split(full);
    return this.sets.get(dataset)?.snapshots.some((s) => s.short === short) ?? false;
  }

  datasets(): string[] {
    return [...this.sets.keys()].sort();
  }

  originOf(dataset: string): string | undefined {
    return this.get(dataset).origin;
  }

  clonesOf(snapshot: string): string[] {
    return [...this.sets].filter(([, d]) => d.origin === snapshot).map(([name]) => name).sort();
  }

  /** Full names of the dataset's snapshots, oldest first. */
  snapshotsOf(dataset: string): string[] {
    return this.get(dataset).snapshots.map((s) => `${dataset}@${s.short}`);
  }

  /** The snapshot's identity, which a promotion's rename keeps. */
  txgOf(full: string): number {
    return this.snapshotOf(full).txg;
  }

  /** Every snapshot of every dataset under beRoot, as `zfs list -t snapshot` tells them. */
  snapshotFacts(beRoot: string): SnapshotFacts[] {
    return this.datasets()
      .filter((d) => d.startsWith(`${beRoot}/`))
      .flatMap((d) =>
        this.get(d).snapshots.map((s) => {
          const name = `${d}@${s.short}`;
          return { name, createtxg: s.txg, clones: this.clonesOf(name) };
        }),
      );
  }

  /** The BEs: the datasets directly under beRoot. */
  bootEnvironments(beRoot: string, held: readonly string[] = []): BootEnvironment[] {
    return this.datasets()
      .filter((d) => d.startsWith(`${beRoot}/`) && !d.slice(beRoot.length + 1).includes('/'))
      .map((dataset, i) => {
        const be: BootEnvironment = {
          name: dataset.slice(beRoot.length + 1),
          dataset,
          created: 1_700_000_000 + i,
          usedBytes: 0,
          canmount: 'noauto',
          mounted: false,
          held: held.includes(dataset),
        };
        const origin = this.sets.get(dataset)?.origin;
        if (origin !== undefined) be.cloneOf = origin;
        return be;
      });
  }

  private get(dataset: string): Dataset {
    const d = this.sets.get(dataset);
    if (!d) throw new ZfsError(`cannot open '${dataset}': dataset does not exist`);
    return d;
  }

  private snapshotOf(full: string): Snapshot {
    const [dataset, short] = split(full);
    const s = this.get(dataset).snapshots.find((x) => x.short === short);
    if (!s) throw new ZfsError(`cannot open '${full}': dataset does not exist`);
    return s;
  }

  private checkNew(name: string): void {
    if (this.sets.has(name)) throw new ZfsError(`cannot create '${name}': dataset already exists`);
    const slash = name.lastIndexOf('/');
    if (slash > 0 && !this.sets.has(name.slice(0, slash))) throw new ZfsError(`cannot create '${name}': parent does not exist`);
  }
}

function split(full: string): [string, string] {
  const at = full.indexOf('@');
  if (at < 0) throw new ZfsError(`'${full}' is not a snapshot`);
  return [full.slice(0, at), full.slice(at + 1)];
}
