// The bundler replaces PVE_BOOTENV_VERSION with the version from package.json (which the
// Debian changelog must match); unbundled code (the unit tests) sees the fallback.
declare const PVE_BOOTENV_VERSION: string | undefined;

export const VERSION: string = typeof PVE_BOOTENV_VERSION === 'string' ? PVE_BOOTENV_VERSION : '0.0.0-dev';
