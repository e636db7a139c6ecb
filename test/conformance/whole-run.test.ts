import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requestConformanceErrors } from '../helpers/cw-simulator-conformance.js';
import { conformanceLogPath } from './log-path.js';

interface LoggedRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  status: number;
}

const readLog = (): LoggedRequest[] =>
  existsSync(conformanceLogPath)
    ? readFileSync(conformanceLogPath, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as LoggedRequest)
    : [];

describe('ConnectWise requests of the whole test run', () => {
  const requests = readLog();

  it('were recorded: the suite drove the simulator with every kind of write the bridge makes', () => {
    const kinds = new Set(requests.map((request) => request.method));
    expect(requests.length).toBeGreaterThan(100);
    expect([...kinds]).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH']));
  });

  it('each name a path and method of the 2025.1 subset, with a body that validates against it', () => {
    const violations = requests
      .map((request) => ({ request, problems: requestConformanceErrors(request) }))
      .filter(({ problems }) => problems.length > 0)
      .map(({ request, problems }) => `${request.method} ${request.path}: ${problems.join('; ')}`);
    expect([...new Set(violations)]).toEqual([]);
  });
});
