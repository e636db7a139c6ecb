import { signEvent } from '../../shared/signing.js';
import type { CliCommand } from '../command.js';
import { eventInputUsage, eventsUrl, readEventInput } from '../event-input.js';

const pretty = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

export const sendCommand: CliCommand = {
  name: 'send',
  summary: 'sign an event and POST it to the bridge, printing the status and body',
  usage: `cwbridge send (--file event.json | --sample) [options]\n\n${eventInputUsage}`,
  run: async (args, io) => {
    const input = await readEventInput(args);
    if (input.help) {
      io.out(sendCommand.usage);
      return 0;
    }
    const url = eventsUrl(input.url);
    const signed = signEvent(input.secret, input.body, input.timestamp);
    const response = await fetch(url, { method: 'POST', headers: signed.headers, body: input.body }).catch(
      (error: unknown) => {
        io.err(`cannot reach ${url}: ${((error as Error).cause as Error | undefined)?.message ?? error}`);
        return undefined;
      },
    );
    if (!response) return 1;
    io.out(`POST ${url} → ${response.status} ${response.statusText}`);
    io.out(pretty(await response.text()));
    return response.ok ? 0 : 1;
  },
};
