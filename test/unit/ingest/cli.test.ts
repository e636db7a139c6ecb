import { createHmac } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/command.js';
import { runCli } from '../../../cli/main.js';
import { toProblemResponse } from '../../../shared/http/problem.js';
import { authenticateEvent } from '../../../shared/ingest/ingest-event.js';
import { aPortalEvent } from '../../helpers/portal-events.js';

const capture = (): CliIo & { lines: string[]; errors: string[] } => {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

describe('cwbridge CLI', () => {
  describe('sign', () => {
    it('prints headers whose signature is the HMAC of "<timestamp>.<file bytes>" and a curl command', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'cwbridge-')), 'event.json');
      const body = `${JSON.stringify(aPortalEvent())}\n`;
      await writeFile(file, body);
      const io = capture();

      const code = await runCli(
        ['sign', '--secret', 's3cret', '--file', file, '--timestamp', '1700000000'],
        io,
      );

      const expected = createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex');
      expect(code).toBe(0);
      expect(io.lines).toContain(`X-Bridge-Signature: v1=${expected}`);
      expect(io.lines).toContain('X-Bridge-Timestamp: 1700000000');
      expect(io.lines.at(-1)).toMatch(
        new RegExp(`^curl .*'http://localhost:\\d+/v1/events'.*--data-binary '@${file}'$`),
      );
    });

    it('signs as of the given timestamp even when it is 0, so an expired request can be produced', async () => {
      const io = capture();

      const code = await runCli(['sign', '--secret', 's3cret', '--sample', '--timestamp', '0'], io);

      expect(code).toBe(0);
      expect(io.lines).toContain('X-Bridge-Timestamp: 0');
    });

    it('exits 2 with the usage when neither --file nor --sample is given', async () => {
      const io = capture();
      expect(await runCli(['sign', '--secret', 's'], io)).toBe(2);
      expect(io.errors.join('\n')).toMatch(/exactly one of --file or --sample[\s\S]*usage: cwbridge sign/);
    });
  });

  describe('send', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      // A bridge stand-in that verifies signatures with the real ingest rules.
      server = createServer(async (request, response) => {
        const body = await readBody(request);
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
        try {
          const { event } = await authenticateEvent(
            {
              secretStore: { getSecrets: async (p) => (p === 'demo' ? ['demo-secret'] : []) },
              now: () => new Date(),
            },
            { headers, body },
          );
          response.writeHead(202, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ eventId: event.eventId, status: 'queued', path: request.url }));
        } catch (error) {
          const problem = toProblemResponse(error);
          response.writeHead(problem.statusCode ?? 500, problem.headers as Record<string, string>);
          response.end(problem.body);
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('posts a signed sample event for partner demo to /v1/events and prints 202', async () => {
      const io = capture();

      const code = await runCli(['send', '--url', url, '--secret', 'demo-secret', '--sample'], io);

      expect(code).toBe(0);
      expect(io.lines[0]).toMatch(/→ 202/);
      expect(JSON.parse(io.lines.slice(1).join('\n'))).toMatchObject({
        status: 'queued',
        path: '/v1/events',
      });
    });

    it('prints the problem and exits 1 when the bridge rejects the signature', async () => {
      const io = capture();

      const code = await runCli(['send', '--url', url, '--secret', 'wrong', '--sample'], io);

      expect(code).toBe(1);
      expect(io.lines[0]).toMatch(/→ 401/);
      expect(io.lines.join('\n')).toMatch(/signature is missing, invalid or expired/);
    });
  });
});
