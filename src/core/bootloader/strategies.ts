// Every boot loader's strategy, found by the id its ESP state carries (or by its actions'
// ops). Adding a boot loader: its file beside systemd-boot.ts and grub.ts, and one line in
// each of BootloaderState, BootloaderAction and STRATEGIES.
import { grubStrategy, type GrubAction, type GrubState } from './grub.js';
import type { BootloaderStrategy, EspFileChange } from './strategy.js';
import { systemdBootStrategy, type SystemdBootAction, type SystemdBootState } from './systemd-boot.js';

/** What an ESP's boot loader keeps of its own there: the plan's last steps build on it. */
export type BootloaderState = SystemdBootState | GrubState;

/** The plan's steps that write entries and the default, in the boot loader's own form. */
export type BootloaderAction = SystemdBootAction | GrubAction;

/** Which boot loader boots an ESP: the one way the kind is kept (on the snapshot, the plan, check's facts). */
export type BootloaderId = BootloaderState['id'];

type AnyStrategy = BootloaderStrategy<BootloaderState, BootloaderAction>;

const STRATEGIES: readonly AnyStrategy[] = [systemdBootStrategy, grubStrategy];

/** The strategy of a boot loader: given only states and actions of its own id, as the planner and check pass them. */
export function strategyOf(id: BootloaderId): AnyStrategy {
  const strategy = STRATEGIES.find((s) => s.id === id);
  if (strategy === undefined) throw new Error(`no strategy for boot loader ${JSON.stringify(id)}`);
  return strategy;
}

/** The file an entry or default action writes or removes, as its boot loader says. */
export function espChangeOf(action: BootloaderAction): EspFileChange {
  const strategy = STRATEGIES.find((s) => s.ops.includes(action.op));
  if (strategy === undefined) throw new Error(`no boot loader has the action ${JSON.stringify(action.op)}`);
  return strategy.changeOf(action);
}
