import { describe, expect, test } from '@jest/globals';
import { planEsp, type PlanEspInput } from '../../../../src/core/sync/plan-esp.js';
import type { EspSnapshot, WantedBe } from '../../../../src/core/sync/model.js';
import { apply, be, defaultBootsFiles, emptyEsp, MiB } from './esp-model.js';

const defaults = { maxLoaded: 8, reserveBytes: 32 * MiB };
/** By default the first wanted boot environment's first entry is the default entry. */
const plan = (esp: EspSnapshot, wanted: WantedBe[], extra: Partial<PlanEspInput> = {}) =>
  planEsp({ esp, wanted, defaultEntry: wanted[0]?.entries[0]?.name, ...defaults, ...extra });

describe('planEsp', () => {
  test('an empty ESP gets files, then entries, then the default line', () => {
    const pve1 = be('pve-1', 'default', [['6.8.12-4-pve', 'a']]);
    const result = plan(emptyEsp(), [pve1]);
    expect(result.error).toBeUndefined();
    expect(result.actions.map((a) => a.op)).toEqual(['write-file', 'write-file', 'write-entry', 'set-default']);
    const setDefault = result.actions[3];
    expect(setDefault).toMatchObject({ op: 'set-default', entry: 'pve-bootenv-pve-1-6.8.12-4-pve.conf' });
    // Only the default line changes in someone else's loader.conf.
    expect(setDefault?.op === 'set-default' && setDefault.loaderConf).toBe('timeout 3\ndefault pve-bootenv-pve-1-6.8.12-4-pve.conf\n');
    expect(result.loaded).toEqual([{ be: 'pve-1', reason: 'default' }]);
    expect(result.bytesToWrite).toBeGreaterThan(48 * MiB);
  });

  test('a second plan after applying the first has nothing to do', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']]), be('pve-2', 'newest', [['6.8.12-2-pve', 'b']])];
    const first = plan(emptyEsp(), wanted);
    const second = plan(apply(emptyEsp(), first.actions), wanted);
    expect(second.actions).toEqual([]);
    expect(second.bytesToWrite).toBe(0);
  });

  test('boot environments sharing a kernel and initrd share one copy', () => {
    const wanted = ['pve-1', 'pve-2', 'pve-3'].map((n, i) => be(n, i === 0 ? 'default' : 'newest', [['6.8.12-4-pve', 'same']]));
    const result = plan(emptyEsp(), wanted);
    expect(result.actions.filter((a) => a.op === 'write-file')).toHaveLength(2);
    expect(result.actions.filter((a) => a.op === 'write-entry')).toHaveLength(3);
  });

  test('entries and files no longer wanted go first, except what the current default boots', () => {
    const old = be('old', 'default', [['6.5.13-6-pve', 'o']]);
    const gone = be('gone', 'newest', [['6.5.13-1-pve', 'g']]);
    const onEsp = apply(emptyEsp(), plan(emptyEsp(), [old, gone]).actions);
    const next = be('pve-2', 'default', [['6.8.12-4-pve', 'n']]);
    const result = plan(onEsp, [next]);
    const ops = result.actions.map((a) => `${a.op} ${'name' in a ? a.name : 'path' in a ? a.path.split('/').pop()!.slice(0, 14) : 'entry' in a ? a.entry : ''}`);
    expect(ops).toEqual([
      'remove-entry pve-bootenv-gone-6.5.13-1-pve.conf',
      'remove-file vmlinuz-6.5.13',
      'remove-file initrd.img-6.5',
      'write-file vmlinuz-6.8.12',
      'write-file initrd.img-6.8',
      'write-entry pve-bootenv-pve-2-6.8.12-4-pve.conf',
      'set-default pve-bootenv-pve-2-6.8.12-4-pve.conf',
      'remove-entry pve-bootenv-old-6.5.13-6-pve.conf',
      'remove-file vmlinuz-6.5.13',
      'remove-file initrd.img-6.5',
    ]);
  });

  test('a crash after any action leaves the default entry booting files that exist', () => {
    const scenarios: Array<[WantedBe[], WantedBe[]]> = [
      [[be('a', 'default', [['6.5.1-1-pve', 'x']])], [be('b', 'default', [['6.8.1-1-pve', 'y']])]],
      [[be('a', 'default', [['6.5.1-1-pve', 'x']]), be('b', 'newest', [['6.8.1-1-pve', 'y']])], [be('b', 'default', [['6.8.1-1-pve', 'y']])]],
      [[be('a', 'default', [['6.5.1-1-pve', 'x'], ['6.5.0-1-pve', 'w']])], [be('a', 'default', [['6.8.1-1-pve', 'z']])]],
    ];
    for (const [before, after] of scenarios) {
      const start = apply(emptyEsp(), plan(emptyEsp(), before).actions);
      const actions = plan(start, after).actions;
      for (let done = 0; done <= actions.length; done++) {
        const crashed = apply(start, actions.slice(0, done));
        expect(defaultBootsFiles(crashed)?.missing).toEqual([]);
        // ...and the next sync finishes the job.
        const resumed = apply(crashed, plan(crashed, after).actions);
        expect(plan(resumed, after).actions).toEqual([]);
      }
    }
  });

  test('leftovers of an interrupted write are removed first and their space counted', () => {
    const esp = { ...emptyEsp(60), tempFiles: [{ path: 'EFI/pve-bootenv/.tmp-x', size: 40 * MiB }] };
    const result = plan(esp, [be('pve-1', 'default', [['6.8.12-4-pve', 'a']])]);
    expect(result.error).toBeUndefined();
    expect(result.actions[0]).toEqual({ op: 'remove-temp', path: 'EFI/pve-bootenv/.tmp-x' });
  });

  test('an optional boot environment that does not fit is listed as not loaded, with why', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']]), be('pve-2', 'newest', [['6.8.12-2-pve', 'b']])];
    const result = plan(emptyEsp(120), wanted);
    expect(result.loaded.map((l) => l.be)).toEqual(['pve-1']);
    expect(result.notLoaded).toEqual([{ be: 'pve-2', why: expect.stringMatching(/^no space: \d+\.\d MiB more would be needed$/) }]);
    expect(result.actions.some((a) => 'name' in a && a.name.includes('pve-2'))).toBe(false);
  });

  test('a required boot environment that does not fit: an error and no action at all', () => {
    const result = plan(emptyEsp(60), [be('pve-1', 'default', [['6.8.12-4-pve', 'a']])]);
    expect(result.actions).toEqual([]);
    expect(result.error).toMatch(/^not enough space for pve-1 \(the default boot environment\): 20\.0 MiB more needed \(free 60\.0 MiB, reserve 32\.0 MiB\); nothing was changed on this ESP$/);
  });

  test('max-loaded caps the optional ones, never the required ones', () => {
    const wanted = [
      be('d', 'default', [['6.8.1-1-pve', 'a']]),
      be('b', 'booted', [['6.8.1-1-pve', 'a']]),
      be('n1', 'newest', [['6.8.1-1-pve', 'a']]),
      be('n2', 'newest', [['6.8.1-1-pve', 'a']]),
    ];
    const result = plan(emptyEsp(), wanted, { maxLoaded: 3 });
    expect(result.loaded.map((l) => l.be)).toEqual(['d', 'b', 'n1']);
    expect(result.notLoaded).toEqual([{ be: 'n2', why: 'max-loaded (3) boot environments are on the ESP already' }]);
  });

  test('a stored file whose verified hash is wrong is written again', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']])];
    const synced = apply(emptyEsp(), plan(emptyEsp(), wanted).actions);
    const corrupt = { ...synced, files: synced.files.map((f, i) => ({ ...f, sha256: i === 0 ? 'f'.repeat(64) : f.path.slice(-64) })) };
    const result = plan(corrupt, wanted);
    expect(result.actions).toEqual([expect.objectContaining({ op: 'write-file', path: synced.files[0]!.path })]);
  });

  test('an entry whose text differs (a new title, a changed command line) is rewritten in place', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']])];
    const synced = apply(emptyEsp(), plan(emptyEsp(), wanted).actions);
    const edited = { ...synced, entries: synced.entries.map((e) => ({ ...e, text: e.text.replace('boot=zfs', 'boot=zfs quiet') })) };
    expect(plan(edited, wanted).actions.map((a) => a.op)).toEqual(['write-entry']);
  });

  test('no default entry wanted: loader.conf is left alone', () => {
    const result = plan(emptyEsp(), [be('pve-1', 'newest', [['6.8.12-4-pve', 'a']])], { defaultEntry: undefined });
    expect(result.actions.some((a) => a.op === 'set-default')).toBe(false);
  });

  test('a boot environment without a kernel is reported, not loaded', () => {
    const result = plan(emptyEsp(), [{ be: 'empty', reason: 'newest', entries: [] }]);
    expect(result.notLoaded).toEqual([{ be: 'empty', why: 'it has no kernel to boot' }]);
    expect(result.actions).toEqual([]);
  });

  test('vfat is case-insensitive: an entry differing only in case is the same file', () => {
    const wanted = [be('pve-1', 'default', [['6.8.12-4-pve', 'a']])];
    const synced = apply(emptyEsp(), plan(emptyEsp(), wanted).actions);
    const upper = { ...synced, files: synced.files.map((f) => ({ ...f, path: f.path.toUpperCase() })) };
    expect(plan(upper, wanted).actions).toEqual([]);
  });

  describe('names that could put a write outside our directory are refused', () => {
    const pve1 = be('pve-1', 'default', [['6.8.12-4-pve', 'a']]);
    const tamper = (target: WantedBe, change: (entry: WantedBe['entries'][number]) => WantedBe['entries'][number]): WantedBe => ({
      ...target,
      entries: target.entries.map(change),
    });
    const cases: Array<[string, (entry: WantedBe['entries'][number]) => WantedBe['entries'][number], RegExp]> = [
      ['a SHA-256 with a path in it', (e) => ({ ...e, linux: { ...e.linux, sha256: '../../../EFI/BOOT/BOOTX64.EFI' } }), /vmlinuz of 6\.8\.12-4-pve has no valid SHA-256/],
      ['an upper-case SHA-256', (e) => ({ ...e, initrd: { ...e.initrd, sha256: e.initrd.sha256.toUpperCase() } }), /initrd\.img of 6\.8\.12-4-pve has no valid SHA-256/],
      ['a short SHA-256', (e) => ({ ...e, initrd: { ...e.initrd, sha256: 'abc' } }), /no valid SHA-256/],
      ['a kernel version with a "/"', (e) => ({ ...e, linux: { ...e.linux, kver: '6.8/../../x' } }), /kernel version "6\.8\/\.\.\/\.\.\/x" is not safe/],
      ['an entry name that is not ours', (e) => ({ ...e, name: '../../EFI/proxmox/x.conf' }), /entry name .* is not one we may write/],
      ['an entry name with a control character', (e) => ({ ...e, name: 'pve-bootenv-a\u000b-6.8.12-4-pve.conf' }), /entry name .* is not one we may write/],
    ];

    test.each(cases)('%s: another boot environment is not loaded, with the reason', (_, change, why) => {
      const result = plan(emptyEsp(), [pve1, tamper(be('apt-1', 'newest', [['6.8.12-4-pve', 'b']]), change)]);
      expect(result.error).toBeUndefined();
      expect(result.loaded).toEqual([{ be: 'pve-1', reason: 'default' }]);
      expect(result.notLoaded).toEqual([{ be: 'apt-1', why: expect.stringMatching(why) }]);
      for (const action of result.actions) if ('path' in action) expect(action.path).toMatch(/^EFI\/pve-bootenv\/[^/]+$/);
    });

    test.each(cases)('%s: the default boot environment fails the ESP, which is left alone', (_, change, why) => {
      const result = plan(emptyEsp(), [tamper(pve1, change)]);
      expect(result.error).toMatch(/^cannot load pve-1 \(the default boot environment\): /);
      expect(result.error).toMatch(why);
      expect(result.error).toMatch(/nothing was changed on this ESP$/);
      expect(result.actions).toEqual([]);
    });
  });
});
