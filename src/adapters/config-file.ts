// /etc/pve-bootenv.conf: missing means defaults; an invalid value stops us with one line
// naming the key (ConfigError), before anything is changed.
import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../core/config/config.js';
import { ConfigError } from '../core/config/errors.js';

export const CONFIG_FILE = '/etc/pve-bootenv.conf';

export async function loadConfig(path = process.env['PVE_BOOTENV_CONFIG'] ?? CONFIG_FILE): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    throw error;
  }
  try {
    return parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${path}${error.line ? `:${error.line}` : ''}: ${error.message}`, error.line);
    throw error;
  }
}
