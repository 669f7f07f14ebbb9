// `pve-bootenv check` on the real stack: a corrupted kernel on one ESP, an entry deleted on
// the other, an entry whose root= names a missing dataset. check names each with exit 2 or
// 1; the weekly verifying sync (pve-bootenv-verify.service, as its timer starts it) repairs
// the ESPs and says so in its journal; check and list tell when it ran; check is then clean
// (exit 0; /var/log in the root dataset is only an info). Then the layout: /var/lib/vz with
// content in the root dataset is reported with the command that, run as printed, moves it
// to its own dataset and makes check clean again. And the bash completion, as installed.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { baseImage } from './harness/image.js';
import { startWithPveBootenv } from './fixtures/guest-setup.js';
import type { TestVm } from './harness/vm.js';

const MINUTES = 60_000;
const kernel = baseImage().kernel;
const entry = (be: string) => `pve-bootenv-${be}-${kernel}.conf`;

interface CheckJson {
  status: string;
  exitCode: number;
  findings: Array<{ severity: string; subject: string; message: string; fix: string }>;
}

describe('check', () => {
  let vm: TestVm;
  let uuids: string[];
  /** Runs a snippet on one ESP (0 or 1), mounted writable at $esp. */
  const onEsp = (index: number, snippet: string) =>
    vm.mustSh(`esp=$(mktemp -d); mount /dev/disk/by-uuid/${uuids[index]} $esp; trap 'umount $esp; rmdir $esp' EXIT; (cd $esp && ${snippet})`);
  const check = async () => {
    const result = await vm.sh('pve-bootenv check --json');
    return { code: result.code, report: JSON.parse(result.stdout) as CheckJson };
  };

  beforeAll(async () => {
    vm = await startWithPveBootenv();
    await vm.mustSh('pve-bootenv create other >/dev/null');
    uuids = (await vm.mustSh('cat /etc/kernel/proxmox-boot-uuids')).split('\n');
  }, 10 * MINUTES);
  afterAll(async () => vm?.dispose(), MINUTES);

  /** The findings but the info that /var/log is in the root dataset (the image has it there). */
  const beyondLogs = (report: CheckJson) => report.findings.filter((f) => f.subject !== 'layout /var/log');

  test('a healthy host: exit 0, /var/log in the root dataset an info', async () => {
    const { code, report } = await check();
    expect({ code, findings: beyondLogs(report) }).toEqual({ code: 0, findings: [] });
    expect(report.findings.map((f) => `${f.severity} ${f.subject}`)).toEqual(['info layout /var/log']);
    const human = await vm.mustSh('pve-bootenv check');
    expect(human).toMatch(/^checked 2 boot environments on 2 ESPs \(\d+ entries\): all good \(1 note\)$/m);
    expect(human).toContain('ESP contents not verified yet: sync --verify does it, and pve-bootenv-verify.timer weekly');
    expect(await vm.mustSh('systemctl is-enabled pve-bootenv-verify.timer; systemctl is-active pve-bootenv-verify.timer')).toBe('enabled\nactive');
  }, 3 * MINUTES);

  test('each ESP fault is named, exit 2; sync --verify repairs them; then exit 0', async () => {
    // ESP 1: pve-1's kernel corrupted in place (same size), other's root= pointed at nothing.
    await onEsp(0, `f=$(sed -n 's,^linux *,,p' loader/entries/${entry('pve-1')}); printf 'garbage' | dd of=.$f conv=notrunc 2>/dev/null
      sed -i 's,root=ZFS=rpool/ROOT/other,root=ZFS=rpool/ROOT/missing,' loader/entries/${entry('other')}`);
    // ESP 2: other's entry gone.
    await onEsp(1, `rm loader/entries/${entry('other')}`);

    const { code, report } = await check();
    expect(code).toBe(2);
    const lines = report.findings.map((f) => `${f.severity} ${f.subject}: ${f.message}`);
    const find = (pattern: RegExp) => expect(lines.filter((line) => pattern.test(line))).not.toEqual([]);
    find(new RegExp(`^critical pve-1 on ESP ${uuids[0]}: .*(SHA-256|hash)`, 'i'));
    find(new RegExp(`^warning other on ESP ${uuids[0]}: .*rpool/ROOT/missing`));
    find(new RegExp(`^warning other.*ESP ${uuids[1]}.*`));
    expect(lines.filter((line) => line.startsWith('critical')).every((line) => line.includes('pve-1'))).toBe(true);
    const human = await vm.sh('pve-bootenv check');
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/^CRITICAL pve-1 on ESP /m);
    expect(human.stdout).toMatch(/\d+ critical, \d+ warnings?( \(1 note\))?$/m);

    // What the timer starts, as it starts it; oneshot: start returns when it is done.
    const corrupted = await onEsp(0, `sed -n 's,^linux */,,p' loader/entries/${entry('pve-1')}`);
    await vm.mustSh('systemctl start pve-bootenv-verify.service');
    // journald reads the unit's stdout on its own time: wait for the last line it wrote.
    const journal = await vm.mustSh(`for i in $(seq 40); do
        journalctl -q -o cat -u pve-bootenv-verify.service | grep -q '^default: ' && break; sleep 0.5; done
      journalctl -q -o cat -u pve-bootenv-verify.service`);
    expect(journal).toMatch(new RegExp(`^ESP ${uuids[0]}: synced, .*\n  repaired ${corrupted.replace(/[.+]/g, '\\$&')}: its bytes did not match the SHA-256 its name carries; rewritten from `, 'm'));
    expect(journal).toMatch(new RegExp(`^ESP ${uuids[1]}: synced, `, 'm'));
    const clean = await check();
    expect({ code: clean.code, findings: beyondLogs(clean.report) }).toEqual({ code: 0, findings: [] });
    const told = /^ESP contents last verified \d{4}-\d\d-\d\d \d\d:\d\d UTC: 1 file repaired$/m;
    expect(await vm.mustSh('pve-bootenv check')).toMatch(told);
    expect(await vm.mustSh('pve-bootenv list')).toMatch(told);
    expect(JSON.parse(await vm.mustSh('pve-bootenv list --json')).lastVerification).toEqual({ at: expect.any(Number), repaired: 1, failedEsps: 0 });
  }, 10 * MINUTES);

  test('/var/lib/vz content in the root dataset: exit 1 with the command; running it makes check clean', async () => {
    // The image gives /var/lib/vz its own dataset (as the Proxmox installer does): undo that.
    await vm.mustSh(`zfs destroy -r rpool/var-lib-vz
      mkdir -p /var/lib/vz/template/iso && head -c 3M /dev/urandom > /var/lib/vz/template/iso/test.iso`);
    const sum = await vm.mustSh('sha256sum /var/lib/vz/template/iso/test.iso');
    const { code, report } = await check();
    expect(code).toBe(1);
    expect(beyondLogs(report).map((f) => f.subject)).toEqual(['layout /var/lib/vz']);
    const [finding] = beyondLogs(report);
    expect(finding?.message).toMatch(/^\/var\/lib\/vz is in the root dataset rpool\/ROOT\/pve-1 \(3\.0 MiB\)/);
    const commands = (finding?.fix ?? '').split('\n').filter((line) => line.startsWith('pve-bootenv '));
    expect(commands).toEqual(['pve-bootenv layout /var/lib/vz']);
    const moved = await vm.mustSh(commands[0]!);
    expect(moved).toMatch(/^saved boot environment layout-\d{8}-\d{6} first\n\/var\/lib\/vz: moved to rpool\/var-lib-vz, shared by every boot environment$/);
    expect(await vm.mustSh('findmnt -n -o SOURCE --target /var/lib/vz/template/iso/test.iso')).toBe('rpool/var-lib-vz');
    expect(await vm.mustSh('sha256sum /var/lib/vz/template/iso/test.iso')).toBe(sum);
    // The old copy went from the root dataset (the saved BE still has it).
    expect(await vm.mustSh('unshare -m sh -c "mount --bind / /mnt && find /mnt/var/lib/vz -mindepth 1 | wc -l"')).toBe('0');
    const clean = await check();
    expect({ code: clean.code, findings: beyondLogs(clean.report) }).toEqual({ code: 0, findings: [] });
  }, 5 * MINUTES);

  test('bash completion: verbs, options, BE names; as root and quietly as another user', async () => {
    // compgen, as bash runs it on TAB: the installed file sourced, the completion function
    // called with the words of a command line.
    const complete = (user: string) =>
      vm.sh(`setpriv --reuid=${user} --regid=${user} --clear-groups --reset-env bash -c '
        source /usr/share/bash-completion/completions/pve-bootenv
        c() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _pve_bootenv; printf "%s\\n" "\${COMPREPLY[*]}"; }
        c pve-bootenv ac; c pve-bootenv activate ""; c pve-bootenv sync --v; c pve-bootenv create x -e o
        c pve-bootenv rename p ""; c pve-bootenv run --f; c pve-bootenv destroy -'`);
    for (const user of ['0', '65534']) {
      const { code, stdout, stderr } = await complete(user);
      expect({ user, code, stderr }).toEqual({ user, code: 0, stderr: '' });
      const [verb, names, ...rest] = stdout.split('\n');
      expect(verb).toBe('activate');
      // Every BE (the earlier tests made more than these), and nothing else.
      expect(names!.split(' ')).toEqual(expect.arrayContaining(['other', 'pve-1']));
      expect(names).not.toMatch(/rpool|\//);
      expect(rest.slice(0, 5)).toEqual(['--verify', 'other', '', '--force', '-o --origin --dry-run --json']);
    }
  }, 3 * MINUTES);
});
