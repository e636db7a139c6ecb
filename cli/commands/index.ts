import type { CliCommand } from '../command.js';
import { dlqCommand } from './dlq.js';
import { sendCommand } from './send.js';
import { signCommand } from './sign.js';

/** Every `cwbridge` subcommand. A new command is one file in this folder and one entry here. */
export const commands: readonly CliCommand[] = [signCommand, sendCommand, dlqCommand];
