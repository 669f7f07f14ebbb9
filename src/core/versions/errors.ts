import { PveBootenvError } from '../errors.js';

/**
 * A version string that dpkg itself refuses to compare (`dpkg --compare-versions` exits
 * with "version '…' has bad syntax"). Versions dpkg only warns about, such as one that
 * does not start with a digit, are compared as dpkg compares them, without an error.
 */
export class VersionError extends PveBootenvError {
  override name = 'VersionError';
}
