// Every VM test talks to a guest under TCG, where one command can take seconds and a
// loaded host makes it slower: no test here gets jest's 5-second default.
import { jest } from '@jest/globals';

jest.setTimeout(5 * 60_000);
