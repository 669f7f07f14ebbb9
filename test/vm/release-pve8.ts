// The vm project (jest.config.js): its files boot Proxmox VE 8's Debian, bookworm, until the
// whole suite on trixie fits CI's time (README, "Supported releases"); a release named in
// $PVE_BOOTENV_VM_RELEASE wins.
// jest gives each test file its own copy of process.env, so this stays within the file.
process.env['PVE_BOOTENV_VM_RELEASE'] ||= 'bookworm';
