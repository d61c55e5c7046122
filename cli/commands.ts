/** Staff commands beyond importing (requests, licenses, partners, outbox). */
import type { CliContext } from './desk.js';

export const commands: Record<string, (args: string[], ctx: CliContext) => Promise<void>> = {};
