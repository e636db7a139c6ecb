import { describe, expect, it } from 'vitest';
import {
  findOperation,
  requestConformanceErrors,
  responseConformanceErrors,
} from '../../helpers/cw-simulator-conformance.js';

describe('conformance checks against the 2025.1 subset', () => {
  describe('requests', () => {
    it('accepts a ticket POST with summary and company', () => {
      expect(
        requestConformanceErrors({
          method: 'POST',
          path: '/service/tickets',
          body: { summary: 's', company: { id: 1 } },
        }),
      ).toEqual([]);
    });

    it('prefers literal segments over ids when finding the operation', () => {
      expect(findOperation('GET', '/service/tickets/count')?.template).toBe('/service/tickets/count');
      expect(
        findOperation('GET', 'https://x.example/v4_6_release/apis/3.0/service/tickets/12/notes')?.template,
      ).toBe('/service/tickets/{parentId}/notes');
    });

    it.each([
      [{ method: 'GET', path: '/sales/opportunities' }, 'not in the 2025.1 subset'],
      [{ method: 'DELETE', path: '/system/members/1' }, 'not in the 2025.1 subset'],
      [{ method: 'GET', path: '/service/tickets', query: { filter: 'x' } }, 'query parameter filter'],
      [{ method: 'POST', path: '/service/tickets', body: { summary: 's' } }, 'company'],
      [
        { method: 'POST', path: '/service/tickets', body: { summary: 's', company: { id: 1 }, x: 1 } },
        'additional',
      ],
      [{ method: 'PATCH', path: '/service/tickets/1', body: { op: 'replace' } }, 'must be array'],
      [{ method: 'GET', path: '/system/info', body: { a: 1 } }, 'takes no body'],
    ])('reports %j', (request, message) => {
      expect(requestConformanceErrors(request).join(' ')).toContain(message);
    });

    it('accepts PATCH values of any JSON type', () => {
      const body = [
        { op: 'replace', path: 'board/id', value: 2 },
        { op: 'replace', path: 'summary', value: 'text' },
        { op: 'replace', path: 'board', value: { id: 2 } },
      ];
      expect(requestConformanceErrors({ method: 'PATCH', path: '/service/tickets/1', body })).toEqual([]);
    });
  });

  describe('responses', () => {
    it('reports a record missing a required field unless fields were requested', () => {
      const response = {
        method: 'GET',
        path: '/service/tickets/1',
        status: 200,
        responseBody: { id: 1, summary: 's' },
      };
      expect(responseConformanceErrors(response).join(' ')).toContain('company');
      expect(responseConformanceErrors({ ...response, query: { fields: 'id,summary' } })).toEqual([]);
    });

    it('reports a wrongly typed field and an error body that is not ConnectWise-shaped', () => {
      const ticket = { method: 'GET', path: '/service/tickets', status: 200, responseBody: [{ id: 'one' }] };
      expect(responseConformanceErrors(ticket).join(' ')).toContain('integer');
      const error = { method: 'GET', path: '/service/tickets', status: 400, responseBody: { code: 1 } };
      expect(responseConformanceErrors(error).join(' ')).toContain('string');
    });

    it('reports a status the operation does not declare', () => {
      const created = { method: 'POST', path: '/service/tickets', status: 200, responseBody: {} };
      expect(responseConformanceErrors(created).join(' ')).toContain('does not answer 200');
    });
  });
});
