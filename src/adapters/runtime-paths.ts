// Every path pve-bootenv makes or takes on the host at run time, in one place: what the
// package's postrm removes (/run/pve-bootenv, /var/cache/pve-bootenv, /var/lib/pve-bootenv)
// and what the shell hooks spell themselves (the lock, hooks/run-locked) must match these.

/** Ours under /run: gone at reboot, like the mounts and processes it is about. */
export const RUNTIME_DIR = '/run/pve-bootenv';

/** Our private mounts of BEs and snapshots, to read their files or edit their command line (be-mount.ts). */
export const BE_MOUNT_DIR = `${RUNTIME_DIR}/be`;
/** Fresh directories for `pve-bootenv mount` without a target: the admin's mounts, kept. */
export const ADMIN_MOUNT_DIR = `${RUNTIME_DIR}/mnt`;
/** BEs opened for `run`, `shell` and `upgrade` (engine/be-session.ts). */
export const SESSION_DIR = `${RUNTIME_DIR}/run`;
/** ESPs mounted for the time of a sync, a check or a list (esp/mount.ts). */
export const ESP_MOUNT_DIR = `${RUNTIME_DIR}/esp`;
/** Where `layout` mounts a new dataset to copy a directory into it. */
export const LAYOUT_COPY_DIR = `${RUNTIME_DIR}/layout`;
/** The channel program `zfs program` runs (core/zfs/mark-seen-program.ts); we hold the lock. */
export const CHANNEL_PROGRAM_FILE = `${RUNTIME_DIR}/channel-program.lua`;
/** The apt transaction a BE was made for (apt-transaction.ts). */
export const APT_TRANSACTION_FILE = `${RUNTIME_DIR}/apt-transaction.json`;

/** Taken by every run that changes BEs or ESPs (namespace.ts, lock.ts, hooks/run-locked). */
export const LOCK_FILE = '/run/lock/pve-bootenv.lock';

/** SHA-256 of the BEs' kernels and initrds between runs (hash-cache.ts). */
export const HASH_CACHE_FILE = '/var/cache/pve-bootenv/sha256.json';
/** What the last sync read of each unmounted BE's /boot (core/sync/boot-record.ts). */
export const BOOT_RECORD_FILE = '/var/cache/pve-bootenv/boot-record.json';
/** What the last look at each ESP found of our entries, for list (core/esp/listing-record.ts). */
export const ESP_LISTING_FILE = '/var/cache/pve-bootenv/esp-listing.json';

/** Ours under /var/lib: what no other file can tell again once lost. */
export const STATE_DIR = '/var/lib/pve-bootenv';
/** When the last `sync --verify` ran and what it repaired (verification-file.ts). */
export const VERIFICATION_FILE = `${STATE_DIR}/last-verify.json`;
