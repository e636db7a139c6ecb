import { notFound } from './api-error.js';
import { hasOperation } from './openapi-spec.js';
import { type ResourceDefinition, resources } from './resources.js';

/** A request path resolved to what it addresses. */
export type Route =
  | { kind: 'collection' | 'count'; definition: ResourceDefinition; parentId: number | undefined }
  | { kind: 'item'; definition: ResourceDefinition; parentId: number | undefined; id: number }
  | { kind: 'ticketSearch' | 'systemInfo' };

const templatePattern = (template: string): string => template.replace('{parentId}', '(\\d+)');

const matchResource = (
  definition: ResourceDefinition,
  path: string,
): { route: Route; template: string } | undefined => {
  const base = templatePattern(definition.template);
  const forms = [
    { suffix: '', template: definition.template, kind: 'collection' as const },
    { suffix: '/count', template: `${definition.template}/count`, kind: 'count' as const },
    { suffix: '/(\\d+)', template: `${definition.template}/{id}`, kind: 'item' as const },
  ];
  for (const form of forms) {
    const match = new RegExp(`^${base}${form.suffix}$`).exec(path);
    if (match === null) continue;
    const hasParent = definition.template.includes('{parentId}');
    const parentId = hasParent ? Number(match[1]) : undefined;
    if (form.kind === 'item') {
      const id = Number(match[hasParent ? 2 : 1]);
      return { route: { kind: 'item', definition, parentId, id }, template: form.template };
    }
    return { route: { kind: form.kind, definition, parentId }, template: form.template };
  }
  return undefined;
};

/**
 * Resolves a path after `apis/3.0` to a route, but only when the subset declares that method on
 * that path: anything else is a ConnectWise-shaped 404, so the simulator never accepts a call
 * the published API lacks.
 */
export const resolveRoute = (method: string, rawPath: string): Route => {
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  const special: Record<string, Route> = {
    '/service/tickets/search': { kind: 'ticketSearch' },
    '/system/info': { kind: 'systemInfo' },
  };
  const fixed = special[path];
  const found = fixed !== undefined ? { route: fixed, template: path } : findResource(path);
  if (found === undefined || !hasOperation(method, found.template)) {
    throw notFound(`The requested resource ${method.toUpperCase()} ${path} was not found.`);
  }
  return found.route;
};

const findResource = (path: string) => {
  for (const definition of resources) {
    const found = matchResource(definition, path);
    if (found !== undefined) return found;
  }
  return undefined;
};
