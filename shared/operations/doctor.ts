import * as z from 'zod';
import { ConnectWiseAuthError, ConnectWiseNotFoundError } from '../connectwise/errors.js';
import { normalised } from '../domain/billing-plan.js';
import type { PartnerConfig, ServiceCatalogueEntry } from '../domain/partner-config.js';
import { managedIdOf } from '../domain/portal-event.js';
import { NotFoundError, PartnerConfigurationError, RetryableError } from '../errors.js';
import { toValidationError } from '../http/validation.js';
import { logger } from '../observability.js';
import type { CrossReference } from '../ports/billing-gateway.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import type { SetupGateway } from '../ports/setup-gateway.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { UnmappedCustomers } from '../ports/unmapped-customers.js';
import type { KnownCustomer, UsageStore } from '../ports/usage-store.js';
import {
  resolveManagementSolutionId,
  resolvePartnerCustomer,
  UnmappedCustomerError,
} from '../sync/company-resolution.js';
import { pickClosedStatus, pickNewStatus } from '../sync/ticket-board.js';

/**
 * The setup doctor: every manual setup step of the vendor guide, checked against the partner's
 * ConnectWise with reads only. Each finding names the step in the guide's words, so an operator
 * knows what to click.
 */

export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface DoctorFinding {
  /** Stable name of the check, e.g. `management-solution`. */
  readonly check: string;
  readonly status: FindingStatus;
  readonly detail: string;
  /** What to do in ConnectWise (or in the bridge); "nothing to do" when ok. */
  readonly fix: string;
  /** The customer a per-customer finding is about. */
  readonly customerId?: string;
  /** Events to reprocess once the fix is made (unmapped customers). */
  readonly eventIds?: readonly string[];
}

export interface DoctorReport {
  readonly partnerId: string;
  /** ISO 8601. */
  readonly checkedAt: string;
  /** `fail` if any finding failed, else `warn` if any warned, else `ok`. */
  readonly status: FindingStatus;
  readonly findings: readonly DoctorFinding[];
  readonly customers: {
    /** Customers whose setup was checked in this run. */
    readonly checked: number;
    /** Every known customer was checked. */
    readonly complete: boolean;
    /** Continues the customer checks where this run stopped (`?cursor=`). */
    readonly nextCursor?: string;
  };
}

export interface DoctorDeps {
  readonly partners: Pick<PartnerRepository, 'getConfig' | 'getRules'>;
  readonly connectWise: (partner: PartnerConfig) => Promise<ConnectWiseGateways>;
  /** The customers the bridge has seen report usage (the billing registry). */
  readonly usage: Pick<UsageStore, 'listCustomers'>;
  readonly unmapped: Pick<UnmappedCustomers, 'list'>;
  /** Company mappings and the management solution's id, as the sync caches them. */
  readonly cache: StateCache;
  readonly markers: SyncMarkers;
  readonly now: () => Date;
  /** Milliseconds the invocation may still run. */
  readonly remainingMs: () => number;
}

/** The customer checks stop this long before the invocation ends, so the answer still goes out. */
export const doctorReserveMs = 8_000;

const customersPerPage = 100;
const nothingToDo = 'nothing to do';

const finding = (
  check: string,
  status: FindingStatus,
  detail: string,
  fix: string = nothingToDo,
  extra: Pick<DoctorFinding, 'customerId' | 'eventIds'> = {},
): DoctorFinding => ({ check, status, detail, fix, ...extra });

const fixes = {
  keys: 'In ConnectWise, go to System > Members > API Members, open the API member, and on its API Keys tab create a new key; store the public and private keys with `cwbridge partner set` (connectWise.publicKey and connectWise.privateKey). The private key is shown only once, right after it is created.',
  clientId:
    "Register the integration at developer.connectwise.com (Client ID) and set the partner's connectWise.clientId to the GUID it issues.",
  solution: (name: string) =>
    `In ConnectWise, go to System > Setup Tables > Management IT Solution List, click New and enter the name ${name}; in the Management IT Solution field select Custom, and in the Custom Solution Name field enter the same name (${name}). Do not fill in a username or password; click Save. Or set the partner's connectWise.managementSolutionName to the solution's name.`,
  board: (name: string) =>
    `Create the service board "${name}" in ConnectWise (System > Setup Tables > Service Board), or set the partner's settings.ticketBoard to the board tickets should open on.`,
  newStatus: (board: string) =>
    `In ConnectWise, go to System > Setup Tables > Service Board > ${board} > Statuses, edit (or create) the status for new tickets and ensure its External Integration XRef (escalation status) is set to Not Responded.`,
  closedStatus: (board: string) =>
    `Add a closed status (Closed Status checked) to the service board "${board}", or turn settings.autoResolveTickets off.`,
  integration: (name: string) =>
    `In ConnectWise, go to System > Setup Tables > Managed Devices Integration List, click New and select the management solution ${name}; select Global in the Login By field, check Disable Newly discovered Cross-References, select Detailed in the Billing Level field, check Match on Serial Number, and click Save.`,
  matchOnSerial:
    'In ConnectWise, open System > Setup Tables > Managed Devices Integration, select the integration and check the Match on Serial Number checkbox; click Save.',
  integrationSettings:
    'In the Managed Devices Integration record: select Global in the Login By field, check Disable Newly discovered Cross-References and select Detailed in the Billing Level field.',
  crossReference: (entry: ServiceCatalogueEntry) =>
    `In ConnectWise, open System > Setup Tables > Managed Devices Integration, select the integration and on the Cross-References tab click New [+]: Type ${entry.vendorType}${entry.vendorLevel ? `, Level ${entry.vendorLevel}` : ''}, Agreement Type Managed Service, and the per-unit ConnectWise product that bills service ${entry.service}.`,
  flatFee:
    'Do not cross-reference the fixed or flat fee product: delete this cross-reference and cross-reference the per-unit product instead. Keep the flat fee product on the agreement as an ordinary addition.',
  managedIdMissing: (managedId: string, solution: string) =>
    `In ConnectWise, open the customer's company, select the Managed Devices tab and click + to add a Management Solution (${solution}): Managed ID ${managedId}, Device Type Workstations and Servers, Agreement blank; Save. Then add a second entry with the same Managed ID ${managedId} and Device Type Backup Stats. Workstations and Servers must be the first entry.`,
  managedIdOrder: (managedId: string) =>
    `Delete the company's two ${managedId} Managed ID entries and add them again in order: Workstations and Servers first, Backup Stats second. A ConnectWise data flow issue will occur if these two entries are switched.`,
  serial: (managedId: string) =>
    `On the customer's agreement, open the Additions tab and, for each addition billed through a cross-referenced product, enter ${managedId} in the SerialNumber field (or add such an addition with Effective Date the first day of the billing cycle).`,
  notCrossReferenced: (managedId: string) =>
    `Either cross-reference the addition's product (a per-unit product) or clear serial number ${managedId} from it; the bridge only updates additions whose product is cross-referenced.`,
};

/** A report's status: `fail` if any finding failed, else `warn` if any warned, else `ok`. */
export const worstStatus = (findings: readonly DoctorFinding[]): FindingStatus =>
  findings.some((f) => f.status === 'fail')
    ? 'fail'
    : findings.some((f) => f.status === 'warn')
      ? 'warn'
      : 'ok';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Whether ConnectWise takes the keys and the clientId. ConnectWise says which it refused only in the
 * 401's message ("clientId …"), so that message decides; any other refusal is the keys'.
 * @returns the findings, and whether the remaining checks can run
 */
const checkAccess = async (
  deps: DoctorDeps,
  partner: PartnerConfig,
): Promise<{ findings: DoctorFinding[]; gateways?: ConnectWiseGateways }> => {
  let gateways: ConnectWiseGateways;
  try {
    gateways = await deps.connectWise(partner);
    await gateways.setup.checkAccess();
  } catch (error) {
    if (error instanceof ConnectWiseAuthError && /client\s*id/i.test(error.request.serverMessage ?? '')) {
      return {
        findings: [
          finding('connectwise-keys', 'ok', 'ConnectWise accepted the API keys.'),
          finding(
            'connectwise-client-id',
            'fail',
            `ConnectWise refused the clientId: ${error.message}`,
            fixes.clientId,
          ),
        ],
      };
    }
    if (error instanceof RetryableError) {
      return {
        findings: [
          finding(
            'connectwise-reachable',
            'fail',
            `ConnectWise could not be reached, so nothing else was checked: ${error.message}`,
            'Check the site URL and that ConnectWise is up, then run the doctor again.',
          ),
        ],
      };
    }
    if (error instanceof PartnerConfigurationError || error instanceof ConnectWiseNotFoundError) {
      return {
        findings: [
          finding(
            'connectwise-keys',
            'fail',
            `ConnectWise refused the partner's keys, so nothing else was checked: ${error.message}`,
            fixes.keys,
          ),
        ],
      };
    }
    throw error;
  }
  return {
    gateways,
    findings: [
      finding('connectwise-keys', 'ok', 'ConnectWise accepted the API keys.'),
      finding(
        'connectwise-client-id',
        'ok',
        `ConnectWise accepted clientId ${partner.connectWise.clientId}.`,
      ),
    ],
  };
};

/** Setup step 4: a Custom management solution of the configured name. */
const checkManagementSolution = async (setup: SetupGateway, partner: PartnerConfig) => {
  const name = partner.connectWise.managementSolutionName;
  const solutions = await setup.findManagementSolutions(name);
  const byName = solutions.find((s) => normalised(s.name) === normalised(name));
  if (!byName) {
    const other = solutions[0];
    const detail = other
      ? `no management solution is named "${name}" (solution "${other.name}" has it as its custom solution name; the bridge looks solutions up by name)`
      : `no management solution is named "${name}"`;
    return { ok: false, findings: [finding('management-solution', 'fail', detail, fixes.solution(name))] };
  }
  if (byName.type !== 'Custom') {
    return {
      ok: true,
      findings: [
        finding(
          'management-solution',
          'fail',
          `management solution "${byName.name}" is of type ${byName.type ?? 'none'}, not Custom`,
          fixes.solution(name),
        ),
      ],
    };
  }
  if (normalised(byName.customName) !== normalised(name)) {
    return {
      ok: true,
      findings: [
        finding(
          'management-solution',
          'warn',
          `management solution "${byName.name}" is Custom but its Custom Solution Name is "${byName.customName ?? ''}"`,
          `In the Management IT Solution List, set the Custom Solution Name of "${byName.name}" to ${name}.`,
        ),
      ],
    };
  }
  return {
    ok: true,
    findings: [
      finding('management-solution', 'ok', `management solution "${byName.name}" exists and is Custom.`),
    ],
  };
};

/** Setup step 2: the ticket board and its Not Responded status (and a closed one for auto-resolve). */
const checkTicketBoard = async (
  gateways: ConnectWiseGateways,
  partner: PartnerConfig,
  opensTickets: boolean,
): Promise<DoctorFinding[]> => {
  const board = partner.settings.ticketBoard;
  // Without a rule that opens tickets, a board problem only matters once one is added.
  const level: FindingStatus = opensTickets ? 'fail' : 'warn';
  const boardId = await gateways.tickets.findBoardIdByName(board);
  if (boardId === undefined) {
    return [finding('ticket-board', level, `service board "${board}" does not exist`, fixes.board(board))];
  }
  const statuses = await gateways.tickets.listBoardStatuses(boardId);
  const findings = [finding('ticket-board', 'ok', `service board "${board}" exists (#${boardId}).`)];
  const fresh = pickNewStatus(statuses);
  findings.push(
    fresh
      ? finding('ticket-status', 'ok', `status "${fresh.name}" of "${board}" is Not Responded.`)
      : finding(
          'ticket-status',
          level,
          `service board "${board}" has no active, open status whose escalation status is Not Responded`,
          fixes.newStatus(board),
        ),
  );
  if (partner.settings.autoResolveTickets && !pickClosedStatus(statuses)) {
    findings.push(
      finding(
        'ticket-closed-status',
        level,
        `auto-resolve is on but service board "${board}" has no active closed status`,
        fixes.closedStatus(board),
      ),
    );
  }
  return findings;
};

const matchesEntry = (reference: CrossReference, entry: ServiceCatalogueEntry): boolean =>
  !reference.inactive &&
  normalised(reference.vendorType) === normalised(entry.vendorType) &&
  (entry.vendorLevel === undefined ||
    normalised(reference.vendorLevel) === normalised(entry.vendorLevel) ||
    normalised(reference.vendorLevel) === '');

/** Setup step 5 and the products guide: the integration, its cross-references, no flat fee among them. */
const checkIntegration = async (
  gateways: ConnectWiseGateways,
  partner: PartnerConfig,
): Promise<{ findings: DoctorFinding[]; crossReferenced: ReadonlySet<number> | undefined }> => {
  const name = partner.connectWise.managementSolutionName;
  const integrations = await gateways.setup.findIntegrations(name);
  const integration =
    integrations.find((i) => normalised(i.solution) === normalised(name)) ?? integrations[0];
  if (!integration) {
    return {
      crossReferenced: undefined,
      findings: [
        finding(
          'managed-devices-integration',
          'fail',
          `no managed devices integration uses management solution "${name}"`,
          fixes.integration(name),
        ),
      ],
    };
  }
  const findings = [
    finding(
      'managed-devices-integration',
      'ok',
      `managed devices integration "${integration.name}" exists (#${integration.id}).`,
    ),
    integration.matchOnSerialNumber
      ? finding('match-on-serial-number', 'ok', 'Match on Serial Number is checked.')
      : finding(
          'match-on-serial-number',
          'fail',
          `Match on Serial Number is not checked on integration "${integration.name}"`,
          fixes.matchOnSerial,
        ),
  ];
  const settings = [
    integration.loginBy === 'Global'
      ? undefined
      : `Login By is ${integration.loginBy ?? 'empty'}, not Global`,
    integration.disableNewCrossReferences
      ? undefined
      : 'Disable Newly discovered Cross-References is not checked',
    integration.defaultBillingLevel === 'Detail'
      ? undefined
      : `Billing Level is ${integration.defaultBillingLevel ?? 'empty'}, not Detailed`,
  ].filter((text): text is string => text !== undefined);
  if (settings.length > 0) {
    findings.push(finding('integration-settings', 'warn', settings.join('; '), fixes.integrationSettings));
  }
  const references = await gateways.billing.listCrossReferences(integration.id);
  if (partner.serviceCatalogue.length === 0) {
    findings.push(
      finding(
        'cross-references',
        'warn',
        "the partner's service catalogue is empty, so the bridge bills no service",
        "Add the services to bill to the partner's serviceCatalogue (service, billing unit, vendorType) with `cwbridge partner set`.",
      ),
    );
  }
  for (const entry of partner.serviceCatalogue) {
    const match = references.find((reference) => matchesEntry(reference, entry));
    findings.push(
      match
        ? finding(
            'cross-references',
            'ok',
            `service ${entry.service} is cross-referenced (type ${entry.vendorType}) to product ${match.productIdentifier ?? `#${match.productId}`}.`,
          )
        : finding(
            'cross-references',
            'fail',
            `service ${entry.service} has no active cross-reference for type "${entry.vendorType}"${entry.vendorLevel ? `, level "${entry.vendorLevel}"` : ''}, so it is not billed`,
            fixes.crossReference(entry),
          ),
    );
  }
  const active = references.filter((reference) => !reference.inactive);
  const products = active.length > 0 ? await gateways.setup.listProducts(active.map((r) => r.productId)) : [];
  const flatFees = products.filter((product) => product.priceAttribute === 'FixedFee');
  for (const product of flatFees) {
    const types = active.filter((r) => r.productId === product.id).map((r) => r.vendorType);
    findings.push(
      finding(
        'flat-fee-products',
        'fail',
        `product ${product.identifier} is priced as a fixed fee but cross-referenced (type ${types.join(', ')}): the bridge would set its quantity to the usage`,
        fixes.flatFee,
      ),
    );
  }
  if (flatFees.length === 0) {
    findings.push(finding('flat-fee-products', 'ok', 'no fixed-fee product is cross-referenced.'));
  }
  return { findings, crossReferenced: new Set(active.map((reference) => reference.productId)) };
};

interface CustomerCheckContext {
  readonly partner: PartnerConfig;
  readonly gateways: ConnectWiseGateways;
  readonly solutionId: number;
  /** Products of active cross-references; undefined when the integration is missing. */
  readonly crossReferenced: ReadonlySet<number> | undefined;
  readonly now: string;
}

/** One customer: its company, both Managed ID entries in order, an addition the bridge can bill. */
const checkCustomer = async (
  deps: DoctorDeps,
  context: CustomerCheckContext,
  customer: KnownCustomer,
): Promise<DoctorFinding[]> => {
  const { partner, gateways, now } = context;
  const managedId = managedIdOf(customer.customerId);
  const solution = partner.connectWise.managementSolutionName;
  const about = { customerId: customer.customerId };
  const who = `customer ${customer.customerId} (${customer.customerName})`;
  let companyId: number;
  try {
    ({ companyId } = await resolvePartnerCustomer(
      { cache: deps.cache, markers: deps.markers, remainingSeconds: () => deps.remainingMs() / 1000 },
      gateways.directory,
      // Afresh, as a reprocess looks: an operator runs the doctor again right after a fix, and a
      // cached "unmapped" or an hour-old company pass would still say it is missing.
      { partner, customerId: customer.customerId, customerName: customer.customerName, now, fresh: true },
    ));
  } catch (error) {
    // Only a missing Managed ID; refused reads (a security role) are this customer's check error.
    if (!(error instanceof UnmappedCustomerError)) throw error;
    return [
      finding(
        'managed-id-records',
        'fail',
        `${who}: no company holds Managed ID ${managedId}`,
        fixes.managedIdMissing(managedId, solution),
        about,
      ),
    ];
  }
  const findings: DoctorFinding[] = [];
  const records = await gateways.managedIds.listSummaryRecords(companyId, context.solutionId, managedId);
  const workstations = records.find((r) => r.deviceType === 'WorkstationsAndServers');
  const backupStats = records.find((r) => r.deviceType === 'BackupStats');
  const missing = [
    workstations ? undefined : 'Workstations and Servers',
    backupStats ? undefined : 'Backup Stats',
  ].filter((text): text is string => text !== undefined);
  if (missing.length > 0) {
    findings.push(
      finding(
        'managed-id-records',
        'fail',
        `${who}: company #${companyId} has no ${missing.join(' and no ')} entry for Managed ID ${managedId}`,
        fixes.managedIdMissing(managedId, solution),
        about,
      ),
    );
  } else if (workstations && backupStats && backupStats.id < workstations.id) {
    findings.push(
      finding(
        'managed-id-order',
        'warn',
        `${who}: company #${companyId}'s Backup Stats entry for ${managedId} was entered before its Workstations and Servers entry`,
        fixes.managedIdOrder(managedId),
        about,
      ),
    );
  }
  if (context.crossReferenced && partner.serviceCatalogue.length > 0) {
    findings.push(
      ...(await checkAdditions(gateways, context.crossReferenced, companyId, managedId, who, about, now)),
    );
  }
  return findings;
};

const checkAdditions = async (
  gateways: ConnectWiseGateways,
  crossReferenced: ReadonlySet<number>,
  companyId: number,
  managedId: string,
  who: string,
  about: Pick<DoctorFinding, 'customerId'>,
  now: string,
): Promise<DoctorFinding[]> => {
  const agreements = (await gateways.billing.listAgreements(companyId)).filter(
    (agreement) => !agreement.cancelled && (agreement.endDate === undefined || agreement.endDate > now),
  );
  const additions =
    agreements.length === 0
      ? []
      : (
          await gateways.billing.listAdditions(
            agreements.map((agreement) => agreement.id),
            managedId,
          )
        ).filter((addition) => addition.cancelledDate === undefined || addition.cancelledDate > now);
  const billable = additions.filter((addition) => crossReferenced.has(addition.productId));
  const findings: DoctorFinding[] = [];
  if (billable.length === 0) {
    findings.push(
      finding(
        'addition-serial-number',
        'fail',
        `${who}: no active addition on company #${companyId}'s active agreements carries serial number ${managedId} with a cross-referenced product, so nothing is billed`,
        fixes.serial(managedId),
        about,
      ),
    );
  }
  for (const addition of additions.filter((a) => !crossReferenced.has(a.productId))) {
    findings.push(
      finding(
        'addition-serial-number',
        'warn',
        `${who}: addition #${addition.id} (product ${addition.productIdentifier ?? `#${addition.productId}`}) carries serial number ${managedId} but its product is not cross-referenced`,
        fixes.notCrossReferenced(managedId),
        about,
      ),
    );
  }
  return findings;
};

/** Customers whose events found no company, with the events to reprocess once it is fixed. */
const unmappedFindings = async (deps: DoctorDeps, partner: PartnerConfig): Promise<DoctorFinding[]> => {
  const unmapped = await deps.unmapped.list(partner.partnerId, { limit: 100 });
  return unmapped.map((customer) => {
    const ids = customer.eventIds;
    const reprocess =
      ids.length === 0
        ? ''
        : ` Then reprocess its events: ${ids.map((id) => `cwbridge reprocess ${id} --partner ${partner.partnerId}`).join('; ')}${customer.moreEvents ? " (and the older ones in its accounts' event logs)" : ''}.`;
    return finding(
      'unmapped-customers',
      'fail',
      `customer ${customer.customerId} (${customer.customerName}) has events but no ConnectWise company holds Managed ID ${customer.managedId} (first seen ${customer.firstSeenAt}, last ${customer.lastSeenAt})`,
      `${fixes.managedIdMissing(customer.managedId, partner.connectWise.managementSolutionName)}${reprocess}`,
      { customerId: customer.customerId, eventIds: ids },
    );
  });
};

/** The query of `GET /partners/{partnerId}/doctor`: `cursor` continues the customer checks. */
export const doctorQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^[^#]{1,100}$/, 'must be a customer id from customers.nextCursor')
    .optional(),
});

/**
 * `GET /partners/{partnerId}/doctor`: runs every setup check against the partner's ConnectWise
 * (reads only) and reports one finding per check. The per-customer checks page through the
 * customers the bridge has seen, and stop before the invocation's time runs out or when ConnectWise
 * is down or the partner's pace is spent, saying how many were checked and where to continue.
 * @throws NotFoundError for a partner that is not configured; ValidationError for a bad cursor
 */
export const runDoctor = async (
  deps: DoctorDeps,
  partnerId: string,
  rawQuery: Readonly<Record<string, string | undefined>> = {},
): Promise<DoctorReport> => {
  const parsed = doctorQuerySchema.safeParse(rawQuery);
  if (!parsed.success) throw toValidationError(parsed.error, 'query');
  const query = parsed.data;
  const partner = await deps.partners.getConfig(partnerId);
  if (!partner) throw new NotFoundError(`partner ${partnerId} is not configured`);
  const checkedAt = deps.now().toISOString();
  const report = (
    findings: DoctorFinding[],
    customers: DoctorReport['customers'] = { checked: 0, complete: false },
  ): DoctorReport => ({ partnerId, checkedAt, status: worstStatus(findings), findings, customers });

  const access = await checkAccess(deps, partner);
  const findings = [...access.findings];
  const { gateways } = access;
  if (!gateways) return report(findings);
  try {
    const solution = await checkManagementSolution(gateways.setup, partner);
    findings.push(...solution.findings);
    const rules = await deps.partners.getRules(partnerId);
    findings.push(
      ...(await checkTicketBoard(
        gateways,
        partner,
        rules.some((rule) => rule.action === 'ticket'),
      )),
    );
    const integration = await checkIntegration(gateways, partner);
    findings.push(...integration.findings);
    findings.push(...(await unmappedFindings(deps, partner)));
    if (!solution.ok) {
      findings.push(
        finding(
          'customers',
          'warn',
          'customers were not checked: their Managed IDs hang under the missing management solution',
          'Fix the management-solution check first, then run the doctor again.',
        ),
      );
      return report(findings);
    }
    const solutionId = await resolveManagementSolutionId(
      { directory: gateways.directory, cache: deps.cache },
      { partnerId, managementSolutionName: partner.connectWise.managementSolutionName, now: checkedAt },
    );
    const customers = await checkCustomers(
      deps,
      {
        partner,
        gateways,
        solutionId,
        crossReferenced: integration.crossReferenced,
        now: checkedAt,
      },
      query.cursor,
    );
    findings.push(...customers.findings);
    return report(findings, customers.summary);
  } catch (error) {
    if (error instanceof PartnerConfigurationError || error instanceof ConnectWiseNotFoundError) {
      // A read ConnectWise refused (often the API member's security role): say which and stop.
      findings.push(
        finding(
          'connectwise-access',
          'fail',
          `the checks stopped: ${errorText(error)}`,
          "Give the API member's security role Inquire access to System, Service, Company, Finance and Procurement setup, then run the doctor again.",
        ),
      );
      return report(findings);
    }
    if (!(error instanceof RetryableError)) throw error;
    findings.push(
      finding(
        'connectwise-reachable',
        'fail',
        `the checks stopped: ConnectWise is unavailable or the partner's pace is spent (${errorText(error)})`,
        'Run the doctor again in a minute.',
      ),
    );
    return report(findings);
  }
};

const checkCustomers = async (
  deps: DoctorDeps,
  context: CustomerCheckContext,
  startCursor: string | undefined,
): Promise<{ findings: DoctorFinding[]; summary: DoctorReport['customers'] }> => {
  const findings: DoctorFinding[] = [];
  let checked = 0;
  let cursor = startCursor;
  let stopped: { because: string; resumeAt: string | undefined } | undefined;
  outer: do {
    const page = await deps.usage.listCustomers(context.partner.partnerId, {
      limit: customersPerPage,
      ...(cursor !== undefined && { cursor }),
    });
    for (const [index, customer] of page.customers.entries()) {
      // A stop continues after the last customer checked (or where this page began).
      const resumeAt = index === 0 ? cursor : page.customers[index - 1]?.customerId;
      if (deps.remainingMs() < doctorReserveMs) {
        stopped = { because: "the request's time ran out", resumeAt };
        break outer;
      }
      try {
        findings.push(...(await checkCustomer(deps, context, customer)));
        checked += 1;
      } catch (error) {
        if (error instanceof RetryableError) {
          stopped = {
            because: `ConnectWise is unavailable or the partner's pace is spent (${errorText(error)})`,
            resumeAt,
          };
          break outer;
        }
        logger.warn('doctor could not check a customer', { customerId: customer.customerId, error });
        findings.push(
          finding(
            'customer-check',
            'fail',
            `customer ${customer.customerId} (${customer.customerName}) could not be checked: ${errorText(error)}`,
            'Look at the error; run the doctor again once it is fixed.',
            { customerId: customer.customerId },
          ),
        );
        checked += 1;
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  if (stopped) {
    const next = stopped.resumeAt === undefined ? '' : ` Continue with ?cursor=${stopped.resumeAt}.`;
    findings.push(
      finding(
        'customers',
        'warn',
        `checked ${checked} customers, then stopped: ${stopped.because}`,
        `Run the doctor again to check the rest.${next}`,
      ),
    );
    return {
      findings,
      summary: {
        checked,
        complete: false,
        ...(stopped.resumeAt !== undefined && { nextCursor: stopped.resumeAt }),
      },
    };
  }
  findings.push(
    finding(
      'customers',
      'ok',
      checked === 0
        ? 'no customer has reported usage yet, so no customer was checked.'
        : `checked ${checked} customers.`,
    ),
  );
  return { findings, summary: { checked, complete: true } };
};
