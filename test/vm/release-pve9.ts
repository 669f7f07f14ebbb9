// The vm project (jest.config.js): its files boot Proxmox VE 9's Debian, trixie, unless
// $PVE_BOOTENV_VM_RELEASE names another release.
// jest gives each test file its own copy of process.env, so this stays within the file.
process.env['PVE_BOOTENV_VM_RELEASE'] ||= 'trixie';
