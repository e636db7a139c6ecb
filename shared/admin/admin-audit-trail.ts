import * as z from 'zod';
import { ValidationError } from '../errors.js';
import { toProblem } from '../http/problem.js';
import { toValidationError } from '../http/validation.js';
import { logger } from '../observability.js';
import type { AdminAudit, AdminAuditEntry, AdminAuditPage } from '../ports/admin-audit.js';
import { InvalidCursorError } from '../ports/event-log.js';
import {
  type AdminRequest,
  type AdminResponse,
  type AdminRouteMatch,
  runAdminRoute,
} from './admin-router.js';

/** Who called, as API Gateway saw it. */
export interface AdminCaller {
  /** "admin token", or the IAM principal's ARN. */
  readonly caller: string;
  readonly sourceIp: string;
  readonly userAgent: string;
}

const decoded = (params: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      try {
        return [name, decodeURIComponent(value)];
      } catch {
        return [name, value];
      }
    }),
  );

/**
 * Runs a matched route and, when it is a change (anything but GET), leaves an audit entry: when,
 * who, from where, what, and what came of it — refused requests included, with the problem's
 * title and detail. Reads are not audited. A failed audit write is logged as an error and the
 * answer still goes out: the change it describes has been made.
 */
export const runAudited = async (
  deps: { readonly audit: Pick<AdminAudit, 'record'>; readonly now: () => Date },
  match: AdminRouteMatch,
  request: AdminRequest,
  caller: AdminCaller,
): Promise<AdminResponse> => {
  if (request.method === 'GET') return runAdminRoute(match, request);
  const record = async (status: number, outcome: Record<string, unknown>) => {
    const entry: AdminAuditEntry = {
      at: deps.now().toISOString(),
      ...caller,
      action: `${match.route.method} ${match.route.path}`,
      path: request.path,
      target: decoded(match.rawParams),
      status,
      outcome,
    };
    try {
      await deps.audit.record(entry);
    } catch (error) {
      logger.error('could not write the admin audit entry', { error, action: entry.action, status });
    }
  };
  let response: AdminResponse;
  try {
    response = await runAdminRoute(match, request);
  } catch (error) {
    const problem = toProblem(error, request.path);
    await record(problem.status, { problem: problem.title, detail: problem.detail });
    throw error;
  }
  await record(response.status, { ...response.audit });
  return response;
};

/** The query of `GET /audit`. */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(200).optional(),
});

/** `GET /audit[?limit=][&cursor=]`: the admin audit trail, newest first. */
export const listAuditEntries = async (
  audit: Pick<AdminAudit, 'list'>,
  query: Readonly<Record<string, string | undefined>>,
): Promise<AdminAuditPage> => {
  const parsed = auditQuerySchema.safeParse(query);
  if (!parsed.success) throw toValidationError(parsed.error, 'query');
  try {
    return await audit.list(parsed.data);
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    throw new ValidationError('cursor is not one this listing issued', [
      { field: 'cursor', message: 'must be the cursor of a previous page' },
    ]);
  }
};
