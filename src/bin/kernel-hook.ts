// Entry point of the kernel and initramfs hooks (bundled to dist/kernel-hook.mjs), run by
// the shims in /etc/kernel/post{inst,rm}.d and /etc/initramfs/post-update.d. Nothing yet:
// a kernel hook must never fail the kernel install for a problem of ours.
export {};
