/**
 * A tiny HTTP server that answers like ConnectWise from a script, for client unit tests that
 * need exact control of statuses, headers and dropped connections.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type CannedAnswer =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | 'drop'
  /** Never answer, so the client's timeout fires. */
  | 'hang';

/** Decides the answer to one API request; `res` is there for answers a script cannot express. */
export type CannedHandler = (request: RecordedRequest, res: ServerResponse) => CannedAnswer;

export interface CannedServer {
  readonly siteUrl: string;
  /** Every request, including `login/companyinfo`. */
  readonly requests: RecordedRequest[];
  /** API requests only (under `apis/3.0`). */
  apiRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server whose companyinfo answers `v4_6_release/` and whose API answers from `handler`. */
export const startCannedServer = async (handler: CannedHandler): Promise<CannedServer> => {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer: CannedAnswer = recorded.url.startsWith('/login/companyinfo/')
        ? { status: 200, body: { CompanyName: 'Acme', Codebase: 'v4_6_release/', VersionCode: 'v2025.1' } }
        : handler(recorded, res);
      if (answer === 'hang') return;
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    siteUrl: `http://127.0.0.1:${port}`,
    requests,
    apiRequests: () => requests.filter((r) => r.url.includes('/apis/3.0/')),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
