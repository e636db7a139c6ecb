import Table from 'cli-table3';
import { UsageError } from './command.js';

/** Options every admin command takes. */
export const adminOptions = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const adminOptionsUsage = `  --url URL         the bridge's base URL (default: $CWBRIDGE_URL, else http://localhost:$PORT or 3000)
  --token T         the admin token (default: $CWBRIDGE_TOKEN)
  --json            print the API's JSON instead of a table
  -h, --help        this text`;

/** An admin API answer that was not a success: the problem's detail, and the fields it names. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminClient {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

const problemText = (status: number, text: string): string => {
  try {
    const problem = JSON.parse(text) as {
      title?: string;
      detail?: string;
      errors?: { field: string; message: string }[];
    };
    const fields = (problem.errors ?? []).map((error) => `${error.field}: ${error.message}`);
    return [`${status} ${problem.title ?? ''}`.trim(), problem.detail, ...fields].filter(Boolean).join(' — ');
  } catch {
    return `${status} ${text.slice(0, 200)}`;
  }
};

/** The admin API at `--url` (or `$CWBRIDGE_URL`) with `--token` (or `$CWBRIDGE_TOKEN`). */
export const adminClient = (
  values: { readonly url?: string | undefined; readonly token?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): AdminClient => {
  const base = values.url ?? env.CWBRIDGE_URL ?? `http://localhost:${env.PORT ?? '3000'}`;
  const token = values.token ?? env.CWBRIDGE_TOKEN;
  if (!token) throw new UsageError('--token is required (or set CWBRIDGE_TOKEN)');
  return {
    request: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const url = new URL(`/v1/admin${path}`, base);
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          // Names the CLI in the admin audit trail.
          'user-agent': 'cwbridge-cli',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }).catch((error: unknown) => {
        throw new Error(
          `cannot reach ${url.origin}: ${((error as Error).cause as Error | undefined)?.message ?? error}`,
        );
      });
      const text = await response.text();
      if (!response.ok) throw new AdminApiError(response.status, problemText(response.status, text));
      return JSON.parse(text) as T;
    },
  };
};

/** `path?name=value&…` with the parameters that are set; `path` alone when none is. */
export const pathWithQuery = (
  path: string,
  params: Record<string, string | boolean | string[] | undefined>,
): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') query.set(name, value);
  return query.size > 0 ? `${path}?${query}` : path;
};

/** A table for people: borders and colours only on a terminal, plain aligned columns otherwise. */
export const table = (
  head: readonly string[],
  rows: readonly (readonly unknown[])[],
  tty: boolean,
): string => {
  const rendered = new Table({
    head: [...head],
    style: { head: tty ? ['cyan'] : [], border: tty ? ['grey'] : [], compact: !tty },
    ...(!tty && {
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '  ',
      },
    }),
  });
  rendered.push(...rows.map((row) => row.map((cell) => (cell === undefined ? '' : String(cell)))));
  return rendered.toString();
};
