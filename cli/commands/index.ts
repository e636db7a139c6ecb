import type { CliCommand } from '../command.js';
import { auditCommand } from './audit.js';
import { billingCommand } from './billing.js';
import { dlqCommand } from './dlq.js';
import { doctorCommand } from './doctor.js';
import { eventsCommand } from './events.js';
import { partnerCommand, rulesCommand } from './partner.js';
import { reprocessCommand } from './reprocess.js';
import { sendCommand } from './send.js';
import { signCommand } from './sign.js';

/** Every `cwbridge` subcommand. A new command is one file in this folder and one entry here. */
export const commands: readonly CliCommand[] = [
  signCommand,
  sendCommand,
  partnerCommand,
  rulesCommand,
  doctorCommand,
  eventsCommand,
  reprocessCommand,
  dlqCommand,
  billingCommand,
  auditCommand,
];
