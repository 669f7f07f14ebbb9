// The record of the last `sync --verify` (core/sync/verification.ts) in
// /var/lib/pve-bootenv: state, not cache, as it tells what no other file does.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseVerification, serializeVerification, type Verification } from '../core/sync/verification.js';
import { writeFileAtomically } from './atomic-write.js';
import { VERIFICATION_FILE } from './runtime-paths.js';

/** The last verification; undefined when there was none, or its record cannot be read. */
export async function readVerification(file = VERIFICATION_FILE): Promise<Verification | undefined> {
  return parseVerification(await readFile(file, 'utf8').catch(() => undefined));
}

export async function writeVerification(verification: Verification, file = VERIFICATION_FILE): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomically(file, serializeVerification(verification));
}
