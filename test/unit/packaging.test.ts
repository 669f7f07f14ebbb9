// The Debian package and npm package must agree, and the hook files must keep the names
// their directories accept (run-parts skips names with dots).
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('packaging', () => {
  test('debian/changelog carries the package.json version', () => {
    const { version } = JSON.parse(read('package.json')) as { version: string };
    expect(read('debian/changelog').split('\n')[0]).toMatch(new RegExp(`^pve-bootenv \\(${version.replace(/\./g, '\\.')}\\) `));
  });

  test('kernel hook names are run-parts names that sort after zz-proxmox-boot', () => {
    const names = [...read('debian/rules').matchAll(/etc\/(?:kernel\/post(?:inst|rm)\.d|initramfs\/post-update\.d)\/(\S+)/g)].map((m) => m[1]!);
    expect(names).toHaveLength(3);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
      expect([name, 'zz-proxmox-boot'].sort()[1]).toBe(name);
    }
  });

  test('the apt hook command starts with a conffile, so a removed package leaves apt working', () => {
    const conf = read('hooks/apt.conf');
    const commands = [...conf.matchAll(/\{ "([^"]+)"; \}/g)].map((m) => m[1]!.split(' ')[0]);
    expect(commands.length).toBeGreaterThan(0);
    const installed = read('debian/install');
    for (const program of commands) expect(installed).toMatch(new RegExp(`^hooks/\\S+ ${program!.slice(1, program!.lastIndexOf('/'))}/$`, 'm'));
    expect(conf).toContain(`DPkg::Tools::Options::${commands[0]}::Version "3";`);
  });
});
