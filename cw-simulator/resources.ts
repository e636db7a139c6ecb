import type { AfterCreate, SaveRule } from './mutation-context.js';
import type { JsonRecord } from './store.js';
import { afterTicketCreate, markParent, prepareTicket } from './ticket-rules.js';

/** How a child collection hangs under its parent record (e.g. statuses under a board). */
export interface ParentLink {
  collection: string;
  /** Stores the parent id in the child, where ConnectWise keeps it. */
  link: (record: Record<string, unknown>, parentId: number) => void;
  parentIdOf: (record: JsonRecord) => number | undefined;
}

/** One REST resource of the subset that the simulator stores. */
export interface ResourceDefinition {
  collection: string;
  /** The collection path template exactly as the subset spells it. */
  template: string;
  /** Component schema of the records. */
  schema: string;
  parent?: ParentLink;
  /** Deleted with the parent (ticket notes) instead of blocking the delete with 409. */
  cascadeDelete?: boolean;
  beforeSave?: SaveRule;
  afterCreate?: AfterCreate;
  afterUpdate?: AfterCreate;
}

const refLink = (collection: string, field: string): ParentLink => ({
  collection,
  link: (record, parentId) => {
    record[field] = { id: parentId };
  },
  parentIdOf: (record) => (record[field] as { id?: number } | undefined)?.id,
});

const idLink = (collection: string, field: string): ParentLink => ({
  collection,
  link: (record, parentId) => {
    record[field] = parentId;
  },
  parentIdOf: (record) => record[field] as number | undefined,
});

const requireNoteText: SaveRule = (note) =>
  typeof note.text === 'string' && note.text.trim() !== ''
    ? []
    : [{ code: 'NullOrEmpty', message: 'text is required.', resource: 'ServiceNote', field: 'text' }];

/** The resources the bridge touches, with ConnectWise's save rules where the bridge depends on them. */
export const resources: ResourceDefinition[] = [
  {
    collection: 'tickets',
    template: '/service/tickets',
    schema: 'Ticket',
    beforeSave: prepareTicket,
    afterCreate: afterTicketCreate,
    afterUpdate: (ticket, _body, context) => markParent(ticket, context),
  },
  {
    collection: 'notes',
    template: '/service/tickets/{parentId}/notes',
    schema: 'ServiceNote',
    parent: idLink('tickets', 'ticketId'),
    cascadeDelete: true,
    beforeSave: requireNoteText,
  },
  { collection: 'boards', template: '/service/boards', schema: 'Board' },
  {
    collection: 'statuses',
    template: '/service/boards/{parentId}/statuses',
    schema: 'BoardStatus',
    parent: refLink('boards', 'board'),
  },
  { collection: 'companies', template: '/company/companies', schema: 'Company' },
  {
    collection: 'managementSummaryReports',
    template: '/company/companies/{parentId}/managementSummaryReports',
    schema: 'CompanyManagementSummary',
    parent: refLink('companies', 'company'),
  },
  {
    collection: 'managementItSolutions',
    template: '/company/managementItSolutions',
    schema: 'ManagementItSolution',
  },
  {
    collection: 'managedDevicesIntegrations',
    template: '/company/managedDevicesIntegrations',
    schema: 'ManagedDevicesIntegration',
  },
  {
    collection: 'crossReferences',
    template: '/company/managedDevicesIntegrations/{parentId}/crossReferences',
    schema: 'ManagedDevicesIntegrationCrossReference',
    parent: refLink('managedDevicesIntegrations', 'managedDevicesIntegration'),
  },
  { collection: 'agreements', template: '/finance/agreements', schema: 'Agreement' },
  {
    collection: 'additions',
    template: '/finance/agreements/{parentId}/additions',
    schema: 'Addition',
    parent: idLink('agreements', 'agreementId'),
  },
  { collection: 'catalog', template: '/procurement/catalog', schema: 'CatalogItem' },
  { collection: 'products', template: '/procurement/products', schema: 'ProductItem' },
  { collection: 'members', template: '/system/members', schema: 'Member' },
];
