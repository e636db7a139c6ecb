import type { RunningSimulator } from '../../cw-simulator/server.js';
import { callApi } from './cw-simulator-client.js';

/** A ticket as the simulator returns it; only the fields tests read. */
export interface SimTicket {
  id: number;
  summary: string;
  externalXRef?: string;
  parentTicketId?: number;
  hasChildTicket?: boolean;
  closedFlag?: boolean;
  closedDate?: string;
  board: { id: number; name: string; _info?: Record<string, string> };
  status: { id: number; name: string };
  company: { id: number; identifier: string; name: string };
  _info?: Record<string, string>;
}

/** Creates a ticket through the API (checked against the subset) and returns it. */
export const createTicket = async (
  simulator: RunningSimulator,
  fields: Record<string, unknown> = {},
): Promise<SimTicket> => {
  const result = await callApi<SimTicket>(simulator, {
    method: 'POST',
    path: '/service/tickets',
    body: { summary: 'Backup failed on SERVER01', company: { id: 1 }, ...fields },
  });
  if (result.status !== 201)
    throw new Error(`ticket create answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body;
};
