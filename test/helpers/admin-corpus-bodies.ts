import {
  aPartnerBody,
  type Case,
  cycle,
  json,
  masked,
  newPartnerId,
  notificationsPath,
  partnerId,
  partnerPath,
  route,
  rules,
  storedEventId,
  unknownPartnerId,
  withValue,
} from './admin-corpus-world.js';

/*
 * Requests the admin API refuses for their body: not JSON, not an object, a bad value, missing
 * secrets, sent as another media type or too large. Each names the field at fault where there is one.
 */

/** The routes that read a body. */
const bodyRoutes = [
  { method: 'PUT', path: partnerPath, route: route.partner },
  { method: 'PUT', path: `${partnerPath}/notifications`, route: route.notifications },
  { method: 'POST', path: '/v1/admin/dlq/redrive', route: route.redrive },
] as const;
const bodyRouteAt = (index: number) => cycle(bodyRoutes, index);

/** Text that is not JSON, sent to each body route in turn: refused naming `body`. */
const malformedJson: Case[] = [
  ' ',
  '{',
  '}',
  '[',
  'nul',
  '{"connectWise":',
  '{"rules": [],}',
  "{'all': true}",
  '{all: true}',
  '{"a": NaN}',
  '{"a": undefined}',
  '{"a": 01}',
  '{"a": "\\x41"}',
  '{"a": "unterminated}',
  '/* comment */ {}',
  '{}{}',
  '\uFEFF{}',
  `${'['.repeat(50_000)}`,
].map((body, index) => ({
  name: `malformed JSON #${index + 1} to ${bodyRouteAt(index).method} ${bodyRouteAt(index).route}`,
  ...bodyRouteAt(index),
  body,
  status: 400,
  field: 'body',
}));

/** JSON that parses but is no object: the partner and redrive name the root, the rules `rules`. */
const notAnObject: Case[] = ['', 'null', '42', '"text"', '[]', 'true'].flatMap((body) =>
  bodyRoutes.map((target) => ({
    name: `${json(body)} to ${target.method} ${target.route}`,
    ...target,
    body,
    status: 400,
    field: target.route === route.notifications ? 'rules' : '(root)',
  })),
);

/** Partner bodies with one bad value, sent to replace the configured partner. */
const badPartnerValues: Case[] = (
  [
    ['connectWise.siteUrl', 42],
    ['connectWise.siteUrl', null],
    ['connectWise.siteUrl', 'not a url'],
    ['connectWise.siteUrl', 'ftp://api-na.myconnectwise.net'],
    ['connectWise.siteUrl', 'http://api-na.myconnectwise.net'],
    ['connectWise.siteUrl', 'https://127.0.0.1'],
    ['connectWise.siteUrl', 'https://169.254.169.254'],
    ['connectWise.siteUrl', 'https://10.0.0.1'],
    ['connectWise.siteUrl', 'https://[::1]'],
    ['connectWise.siteUrl', 'https://localhost'],
    ['connectWise.siteUrl', 'https://metadata.internal'],
    ['connectWise.siteUrl', 'https://operator:hunter2-password@api-na.myconnectwise.net'],
    ['connectWise.siteUrl', 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0'],
    ['connectWise.companyId', 42],
    ['connectWise.companyId', ''],
    ['connectWise.companyId', 'x'.repeat(101)],
    ['connectWise.companyId', ['acme']],
    ['connectWise.companyId', { $ne: null }],
    ['connectWise.clientId', 123],
    ['connectWise.clientId', null],
    ['connectWise.managementSolutionName', true],
    ['connectWise.managementSolutionName', 'x'.repeat(101)],
    ['connectWise.publicKey', 42],
    ['connectWise.publicKey', ''],
    ['connectWise.privateKey', 'x'.repeat(4097)],
    ['connectWise.privateKey', []],
    ['connectWise', undefined],
    ['connectWise', 'https://api-na.myconnectwise.net'],
    ['settings', undefined],
    ['settings', []],
    ['settings.ticketBoard', undefined],
    ['settings.ticketBoard', 7],
    ['settings.ticketBoard', ''],
    ['settings.ticketBoard', 'x'.repeat(101)],
    ['settings.updateBackupStatistics', 'yes'],
    ['settings.updateBackupStatistics', 1],
    ['settings.updateBackupStatistics', null],
    ['settings.updateInvoiceDescriptions', 'false'],
    ['settings.autoResolveTickets', 0],
    ['settings.connectWiseRequestsPerSecond', 0],
    ['settings.connectWiseRequestsPerSecond', -1],
    ['settings.connectWiseRequestsPerSecond', 101],
    ['settings.connectWiseRequestsPerSecond', '5'],
    ['settings.connectWiseBurst', 1.5],
    ['settings.connectWiseBurst', 0],
    ['settings.ticketPriorities.warning', 'high'],
    ['settings.ticketPriorities.error', 1.5],
    ['settings.ticketPriorities.error', 0],
    ['settings.ticketPriorities', []],
    ['serviceCatalogue', 'all'],
    ['serviceCatalogue.0.billing', 'gold'],
    ['serviceCatalogue.0.service', ''],
    ['serviceCatalogue.0.service', undefined],
    ['serviceCatalogue.0.vendorType', 42],
    ['serviceCatalogue.0.gbIncrement', -1],
    ['serviceCatalogue.0.gbIncrement', 1001],
    ['partnerId', 42],
    ['partnerId', unknownPartnerId],
    ['webhookSecret', 'letmein'],
    ['webhookSecret', 1_234_567_890_123_456],
    ['webhookSecret', ''],
  ] satisfies [string, unknown][]
).map(([path, value]) => ({
  name: `partner ${path} = ${json(value ?? null).slice(0, 40)}${value === undefined ? ' (missing)' : ''}`,
  method: 'PUT',
  path: partnerPath,
  route: route.partner,
  body: json(withValue(path, value)),
  status: 400,
  field: path,
}));

/** Partner bodies that are well typed but miss secrets, or carry fields the configuration has not. */
const secretsRefused: Case[] = [
  {
    name: 'a new partner without its public key',
    path: `/v1/admin/partners/${newPartnerId}`,
    body: json(withValue('connectWise.publicKey', undefined)),
    field: 'connectWise.publicKey',
  },
  {
    name: 'a new partner with a masked private key',
    path: `/v1/admin/partners/${newPartnerId}`,
    body: json(withValue('connectWise.privateKey', masked)),
    field: 'connectWise.privateKey',
  },
  {
    name: 'a new partner without a webhook secret',
    path: `/v1/admin/partners/${newPartnerId}`,
    body: json(withValue('webhookSecret', undefined)),
    field: 'webhookSecret',
  },
  {
    name: 'a new partner with a masked webhook secret',
    path: `/v1/admin/partners/${newPartnerId}`,
    body: json(withValue('webhookSecret', masked)),
    field: 'webhookSecret',
  },
  {
    name: 'a new public key without its private key',
    path: partnerPath,
    body: json(withValue('connectWise.privateKey', masked)),
    field: 'connectWise.privateKey',
  },
  {
    name: 'a new private key without its public key',
    path: partnerPath,
    body: json(withValue('connectWise.publicKey', undefined)),
    field: 'connectWise.publicKey',
  },
  {
    name: 'a top-level field the configuration does not have',
    path: partnerPath,
    body: json({ ...aPartnerBody(), colour: 'blue' }),
    field: '(root)',
  },
  {
    name: 'a ConnectWise field the configuration does not have',
    path: partnerPath,
    body: json(withValue('connectWise.password', 'x')),
    field: 'connectWise',
  },
  {
    name: 'a settings field the configuration does not have',
    path: partnerPath,
    body: json(withValue('settings.ticketStatus', 'New')),
    field: 'settings',
  },
  {
    name: 'a catalogue of 201 services',
    path: partnerPath,
    body: json({
      ...aPartnerBody(),
      serviceCatalogue: Array.from({ length: 201 }, (_, n) => ({
        service: `S${n}`,
        billing: 'storage',
        vendorType: 'BDR',
      })),
    }),
    field: 'serviceCatalogue',
  },
].map((entry) => ({ ...entry, method: 'PUT', route: route.partner, status: 400 }));

/** Notification rules with one thing wrong, for the configured partner. */
const badRules: Case[] = (
  [
    ['rules as a string', { rules: 'all' }, 'rules'],
    ['rules as an object', { rules: {} }, 'rules'],
    ['a rule that is a number', { rules: [1] }, 'rules.0'],
    ['an unknown action', { rules: [{ ...rules[0], action: 'email' }] }, 'rules.0.action'],
    ['no severities', { rules: [{ ...rules[0], severities: [] }] }, 'rules.0.severities'],
    ['an unknown severity', { rules: [{ ...rules[0], severities: ['fatal'] }] }, 'rules.0.severities.0'],
    ['severities as a string', { rules: [{ ...rules[0], severities: 'error' }] }, 'rules.0.severities'],
    ['a number for a severity', { rules: [{ ...rules[0], severities: [3] }] }, 'rules.0.severities.0'],
    ['event types "some"', { rules: [{ ...rules[0], eventTypes: 'some' }] }, 'rules.0.eventTypes'],
    ['no event types', { rules: [{ ...rules[0], eventTypes: [] }] }, 'rules.0.eventTypes'],
    [
      'an unknown event type',
      { rules: [{ ...rules[0], eventTypes: ['backup.exploded'] }] },
      'rules.0.eventTypes',
    ],
    ['a rule field the rules do not have', { rules: [{ ...rules[0], email: 'ops@example.com' }] }, 'rules.0'],
    [
      'a rule without its action',
      { rules: [{ severities: ['error'], eventTypes: 'all' }] },
      'rules.0.action',
    ],
    ['51 rules', { rules: Array.from({ length: 51 }, () => rules[0]) }, 'rules'],
    [
      '60 000 unknown severities (a problem that names the first fields only)',
      { rules: [{ ...rules[0], severities: Array.from({ length: 60_000 }, () => 'x') }] },
      'rules.0.severities.0',
    ],
  ] satisfies [string, unknown, string][]
).map(([name, body, field]) => ({
  name: `notifications: ${name}`,
  method: 'PUT',
  path: notificationsPath,
  route: route.notifications,
  body: json(body),
  status: 400,
  field,
}));

/** Redrive requests that do not say exactly which records, or say it wrongly. */
const badRedrives: Case[] = (
  [
    [{}, 'all'],
    [{ all: false }, 'all'],
    [{ all: 'true' }, 'all'],
    [{ all: 1 }, 'all'],
    [{ all: true, partnerId }, 'all'],
    [{ partnerId: '' }, 'partnerId'],
    [{ partnerId: 42 }, 'partnerId'],
    [{ partnerId: 'x'.repeat(65) }, 'partnerId'],
    [{ partnerId: [partnerId] }, 'partnerId'],
    [{ eventIds: [] }, 'eventIds'],
    [{ eventIds: storedEventId }, 'eventIds'],
    [{ eventIds: [1] }, 'eventIds.0'],
    [{ eventIds: [''] }, 'eventIds.0'],
    [{ eventIds: ['e'.repeat(201)] }, 'eventIds.0'],
    [{ eventIds: Array.from({ length: 501 }, (_, n) => `evt-${n}`) }, 'eventIds'],
    [{ eventIds: Array.from({ length: 60_000 }, () => '') }, 'eventIds'],
    [{ all: true, dryRun: 'yes' }, 'dryRun'],
    [{ all: true, dryRun: null }, 'dryRun'],
    [{ all: true, dryRun: 0 }, 'dryRun'],
    [{ all: true, force: true }, '(root)'],
  ] satisfies [Record<string, unknown>, string][]
).map(([body, field]) => ({
  name: `redrive ${json(body).slice(0, 50)}`,
  method: 'POST',
  path: '/v1/admin/dlq/redrive',
  route: route.redrive,
  body: json(body),
  status: 400,
  field,
}));

/** Bodies over 256 KB: refused before they are parsed, however valid they would be. */
const oversized: Case[] = [
  {
    name: 'a 300 KB ticket board name',
    ...bodyRoutes[0],
    body: json(withValue('settings.ticketBoard', 'x'.repeat(300 * 1024))),
  },
  {
    name: '100 000 valid severities (an item DynamoDB could not store)',
    ...bodyRoutes[1],
    body: json({ rules: [{ ...rules[0], severities: Array.from({ length: 100_000 }, () => 'info') }] }),
  },
  {
    name: '100 000 empty event ids',
    ...bodyRoutes[2],
    body: json({ eventIds: Array.from({ length: 100_000 }, () => '') }),
  },
  {
    name: 'a base64 body over 256 KB',
    ...bodyRoutes[0],
    body: Buffer.from(json(withValue('settings.ticketBoard', 'y'.repeat(260 * 1024)))).toString('base64'),
    base64: true,
  },
  {
    name: 'multi-byte characters over 256 KB in bytes, under it in characters',
    ...bodyRoutes[0],
    body: json(withValue('settings.ticketBoard', 'é'.repeat(140 * 1024))),
  },
].map((entry) => ({ ...entry, status: 413 }));

/** Every request the admin API refuses for its body (400, 413). */
export const refusedBodies: Case[] = [
  ...malformedJson,
  ...notAnObject,
  ...badPartnerValues,
  ...secretsRefused,
  ...badRules,
  ...badRedrives,
  ...oversized,
];
