import { signEvent } from '../../shared/signing.js';
import type { CliCommand } from '../command.js';
import { eventInputUsage, eventsUrl, readEventInput } from '../event-input.js';

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

export const signCommand: CliCommand = {
  name: 'sign',
  summary: 'print the signature headers and a curl command for an event',
  usage: `cwbridge sign (--file event.json | --sample) [options]\n\n${eventInputUsage}`,
  run: async (args, io) => {
    const input = await readEventInput(args);
    if (input.help) {
      io.out(signCommand.usage);
      return 0;
    }
    const signed = signEvent(input.secret, input.body, input.timestamp);
    for (const [name, value] of Object.entries(signed.headers)) io.out(`${name}: ${value}`);
    const headers = Object.entries(signed.headers).map(
      ([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`,
    );
    const data = input.file ? `@${input.file}` : input.body;
    io.out('');
    io.out(
      `curl -sS -X POST ${shellQuote(eventsUrl(input.url))} ${headers.join(' ')} --data-binary ${shellQuote(data)}`,
    );
    return 0;
  },
};
