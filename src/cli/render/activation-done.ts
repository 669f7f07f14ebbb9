// The last line of activate and upgrade --activate/--next-boot/--trial: what boots when.

export function activationDone(be: string, how: 'activate' | 'next-boot' | 'trial'): string {
  switch (how) {
    case 'activate':
      return `${be} boots by default from the next boot on`;
    case 'next-boot':
      return `${be} boots at the next boot only; then the default again`;
    case 'trial':
      return `${be} boots at the next boot on trial: it becomes the default if the host comes up healthy (pve-bootenv-trial.service), else the default boots again`;
  }
}
