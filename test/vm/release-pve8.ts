// The vm-pve8 project (jest.config.js): its files boot Proxmox VE 8's Debian, bookworm.
// jest gives each test file its own copy of process.env, so this stays within the file.
process.env['PVE_BOOTENV_VM_RELEASE'] = 'bookworm';
