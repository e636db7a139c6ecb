import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError } from './command.js';
import { aSampleEvent } from './sample-event.js';

/** Options shared by the commands that sign an event. */
export const eventInputOptions = {
  secret: { type: 'string' },
  file: { type: 'string' },
  sample: { type: 'boolean' },
  url: { type: 'string' },
  timestamp: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface EventInput {
  readonly secret: string;
  /** The exact bytes to sign and send, as text. */
  readonly body: string;
  readonly file?: string;
  readonly url: string;
  readonly timestamp?: number;
  readonly help: boolean;
}

/** Parses `--secret`, `--file | --sample`, `--url`, `--timestamp`; the secret may come from the env. */
export const readEventInput = async (args: readonly string[], env = process.env): Promise<EventInput> => {
  const { values } = parseArgs({ args: [...args], options: eventInputOptions, strict: true });
  const url = values.url ?? `http://localhost:${env.PORT ?? '3000'}`;
  if (values.help) return { secret: '', body: '', url, help: true };
  const secret = values.secret ?? env.DEMO_WEBHOOK_SECRET;
  if (!secret) throw new UsageError('--secret is required (or set DEMO_WEBHOOK_SECRET)');
  if (Boolean(values.file) === Boolean(values.sample))
    throw new UsageError('give exactly one of --file or --sample');
  const body = values.file ? await readFile(values.file, 'utf8') : JSON.stringify(aSampleEvent());
  const timestamp = values.timestamp === undefined ? undefined : Number(values.timestamp);
  if (timestamp !== undefined && !Number.isInteger(timestamp))
    throw new UsageError('--timestamp must be unix seconds');
  return {
    secret,
    body,
    url,
    help: false,
    ...(values.file && { file: values.file }),
    ...(timestamp !== undefined && { timestamp }),
  };
};

/** `http://host:3000` → `http://host:3000/v1/events`; a URL that already names a path is kept. */
export const eventsUrl = (url: string): string => {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/v1/events';
  return parsed.toString();
};

export const eventInputUsage = `  --secret S        the partner's webhook secret (default: $DEMO_WEBHOOK_SECRET)
  --file PATH       the event JSON to sign, sent byte for byte
  --sample          a valid demo event (partner demo, customer 19652) with a fresh eventId
  --url URL         the bridge's base URL or events URL (default: http://localhost:$PORT or 3000)
  --timestamp T     sign as of unix time T instead of now`;
