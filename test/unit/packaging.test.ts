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

  test('sql-wasm.wasm, which the bundled sql.js loads from next to the bundles, is built and installed there', () => {
    expect(read('scripts/build.mjs')).toContain("copyFile('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm')");
    const install = read('debian/install');
    expect(install).toMatch(/^dist\/sql-wasm\.wasm usr\/lib\/pve-bootenv\/$/m);
    // The bundles and the chunks they share (scripts/build.mjs: splitting), all in one directory.
    expect(install).toMatch(/^dist\/\*\.mjs usr\/lib\/pve-bootenv\/$/m);
    expect(read('src/adapters/config-db.ts')).toContain("new URL('./sql-wasm.wasm', import.meta.url)");
  });

  test('apt hooks stay harmless once the package is removed (conffiles stay) or purged', () => {
    const conf = read('hooks/apt.conf');
    const hook = (name: string) => conf.match(new RegExp(`^DPkg::${name} \\{ "([^"]+)"; \\};$`, 'm'))?.[1];
    // Pre-Install-Pkgs: apt keys the protocol options by the first word, so that word is the
    // shim installed in /etc (a conffile), which does nothing without the program.
    const preInstall = hook('Pre-Install-Pkgs');
    const program = preInstall?.split(' ')[0];
    expect(program).toBe('/etc/pve-bootenv/apt-hook');
    expect(read('debian/install')).toMatch(/^hooks\/apt-hook etc\/pve-bootenv\/$/m);
    expect(conf).toContain(`DPkg::Tools::Options::${program}::Version "3";`);
    expect(read('hooks/apt-hook')).toMatch(/\|\| exit 0|^exit 0$/m);
    // Post-Invoke also runs after the purge that deleted the shim: it must check first.
    expect(hook('Post-Invoke')).toMatch(/^if \[ -x \/etc\/pve-bootenv\/apt-hook \]; then .*; fi$/);
  });
});
