import { describe, expect, test } from '@jest/globals';
import { systemdBootStrategy as sd, type SystemdBootState } from '../../../../src/core/bootloader/systemd-boot.js';
import { byKey, entry, onEsp } from './entries.js';

const state = (loaderConf: string): SystemdBootState => ({ id: 'systemd-boot', loaderConf });
const plan = (input: { current?: ReturnType<typeof onEsp>[]; wanted: ReturnType<typeof entry>[]; defaultEntry?: string; loaderConf?: string }) => {
  const current = byKey(input.current ?? []);
  const s = state(input.loaderConf ?? 'timeout 3\ndefault proxmox-*\n');
  const currentDefault = sd.currentDefault(s);
  return sd.planEntries({
    state: s,
    current,
    wanted: byKey(input.wanted),
    defaultEntry: input.defaultEntry,
    currentDefault,
    defaultNow: currentDefault === undefined ? undefined : current.get(currentDefault.toLowerCase()),
  });
};

describe('systemd-boot: loader entries and loader.conf', () => {
  test("the default is loader.conf's last default line; a malformed file has none for the planner", () => {
    expect(sd.currentDefault(state('default a.conf\ndefault b.conf\n'))).toBe('b.conf');
    expect(sd.currentDefault(state(''))).toBeUndefined();
    expect(sd.currentDefault(state('timeout 3\nEditor yes\ndefault b.conf\n'))).toBeUndefined();
  });

  test('check reads a malformed loader.conf as a problem to report, not as no default', () => {
    expect(sd.checkedDefault(state('default b.conf\n'))).toEqual({ entry: 'b.conf' });
    expect(sd.checkedDefault(state('timeout 3\nEditor yes\n'))).toEqual({
      entry: undefined,
      problem: {
        message: 'loader/loader.conf cannot be read (line 2: key "Editor" is not made of a-z, 0-9 and \'-\'): systemd-boot skips such a line, and its default is not checked',
        fix: 'correct that line of loader/loader.conf on the ESP (the sync changes only its default line)',
      },
    });
  });

  test('entries that differ are written, then the default line, changing nothing else of loader.conf', () => {
    const [a, b] = [entry('a'), entry('b')];
    const result = plan({ current: [onEsp(a)], wanted: [a, b], defaultEntry: b.name });
    expect(result.removals).toEqual([]);
    expect(result.writes).toEqual([
      { op: 'write-entry', name: b.name, text: b.text },
      { op: 'set-default', entry: b.name, loaderConf: `timeout 3\ndefault ${b.name}\n` },
    ]);
    expect(result.removalsAfterDefault).toEqual([]);
  });

  test('the default is set only to a wanted entry, and only when it changes', () => {
    const a = entry('a');
    expect(plan({ current: [onEsp(a)], wanted: [a], defaultEntry: 'pve-bootenv-gone-1.conf' }).writes).toEqual([]);
    expect(plan({ current: [onEsp(a)], wanted: [a], defaultEntry: undefined }).writes).toEqual([]);
    expect(plan({ current: [onEsp(a)], wanted: [a], defaultEntry: a.name, loaderConf: `default ${a.name}\n` }).writes).toEqual([]);
  });

  test('entries no longer wanted go first; the one the ESP boots by default only after the default moved on', () => {
    const [old, gone, next] = [entry('old'), entry('gone'), entry('next')];
    const result = plan({ current: [onEsp(old), onEsp(gone)], wanted: [next], defaultEntry: next.name, loaderConf: `default ${old.name}\n` });
    expect(result.removals).toEqual([{ op: 'remove-entry', name: gone.name }]);
    expect(result.writes.map((a) => a.op)).toEqual(['write-entry', 'set-default']);
    expect(result.removalsAfterDefault).toEqual([{ op: 'remove-entry', name: old.name }]);
  });

  test("a fresh clone's entries can be added alone: those that differ", () => {
    const [a, b] = [entry('a'), entry('b')];
    expect(sd.addEntries?.(byKey([onEsp(a)]), [a, b])).toEqual([{ op: 'write-entry', name: b.name, text: b.text }]);
  });

  test('each action writes or removes one file', () => {
    expect(sd.changeOf({ op: 'write-entry', name: 'pve-bootenv-a-1.conf', text: 'x' })).toEqual({ write: 'loader/entries/pve-bootenv-a-1.conf', text: 'x' });
    expect(sd.changeOf({ op: 'remove-entry', name: 'pve-bootenv-a-1.conf' })).toEqual({ remove: 'loader/entries/pve-bootenv-a-1.conf' });
    expect(sd.changeOf({ op: 'set-default', entry: 'pve-bootenv-a-1.conf', loaderConf: 'default pve-bootenv-a-1.conf\n' })).toEqual({
      write: 'loader/loader.conf',
      text: 'default pve-bootenv-a-1.conf\n',
    });
  });
});
