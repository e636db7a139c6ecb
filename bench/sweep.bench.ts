import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startConnectWiseSimulator } from '../cw-simulator/server.js';
import { demoServiceCatalogue } from '../local/demo-tenant.js';
import { provisionResources } from '../local/provision.js';
import { putSecret } from '../local/seed-demo-partner.js';
import { DynamoDbPartnerRepository } from '../shared/adapters/aws/dynamodb-partner-repository.js';
import { DynamoDbUsageStore } from '../shared/adapters/aws/dynamodb-usage-store.js';
import { secrets, tables } from '../shared/resources.js';
import { seedSweepCustomers } from '../test/helpers/billing-customers.js';
import { aPartnerConfig, ticketRules } from '../test/helpers/sync-environment.js';
import { type Benchmark, reportFigure } from './harness.js';

/**
 * Customers per sweep, smallest first. A customer's usage is read by key, so on moto as on DynamoDB
 * a sweep's cost per customer stays flat with its size. `npm run bench` keeps to 100 and 300 so
 * the whole run stays under ten minutes here (a sweep of 1,000 takes under three minutes with its
 * seeding); `BENCH_SWEEP_SIZES=1000,10000` runs the large ones. A run is planned a page of 500
 * customers at a time, so the billing queue stays about a page deep whatever the count (moto's
 * SendMessageBatch slows with the queue's depth).
 */
const sizes = (process.env.BENCH_SWEEP_SIZES ?? '100,300').split(',').map(Number);
/** Every tenth customer's storage quantity was edited by hand: the sweep corrects it. */
const isEdited = (index: number) => index % 10 === 0;

interface SweepCost {
  readonly planned: number;
  /** Units the schedule's invocation queued; the billing queue planned the rest. */
  readonly firstPageQueued: number;
  readonly planMs: number;
  readonly wallMs: number;
  readonly summary?: { customersChecked: number; customersChanged: number; errors: number };
  readonly maxRssMiB: number;
  readonly dynamoDbRequests: Record<string, number>;
}

const runChild = (env: NodeJS.ProcessEnv): Promise<SweepCost> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, new URL('./sweep-child.ts', import.meta.url).pathname],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Powertools warns of every invocation without metrics even with metrics disabled.
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const kept = chunk
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.includes('No application metrics to publish'));
      if (kept.length > 0) process.stderr.write(`${kept.join('\n')}\n`);
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`the sweep process exited with ${code}: ${last}`));
      else resolve(JSON.parse(last) as SweepCost);
    });
  });

/** One sweep of `count` customers, on tables and a simulator of its own. */
const sweepOf = async (count: number) => {
  const partnerId = `bench-sweep-${count}`;
  const env = await provisionResources({
    namePrefix: `sweep${randomUUID().slice(0, 8)}-`,
    syncDelaySeconds: 0,
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
    billingVisibilityTimeoutSeconds: 60,
  });
  const simulator = await startConnectWiseSimulator({ port: 0, seed: 'demo' });
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const secretsManager = new SecretsManagerClient({});
  try {
    const partners = new DynamoDbPartnerRepository(documentClient, env[tables.partners.envVar] ?? '');
    const config = aPartnerConfig(partnerId, simulator);
    // ConnectWise's own limit is the pace here: the figure is the bridge's cost, not a wait.
    await partners.putConfig({
      ...config,
      settings: { ...config.settings, connectWiseRequestsPerSecond: 100, updateInvoiceDescriptions: false },
      serviceCatalogue: [...demoServiceCatalogue],
    });
    await partners.putRules(partnerId, ticketRules);
    const { publicKey, privateKey } = simulator.credentials;
    await putSecret(
      secretsManager,
      secrets.partnerConnectWiseKeysName(partnerId),
      JSON.stringify({ publicKey, privateKey }),
    );
    const seedStarted = Date.now();
    const usage = new DynamoDbUsageStore(documentClient, env[tables.state.envVar] ?? '');
    await seedSweepCustomers(simulator, usage, { partnerId, count, firstId: 900_000, isEdited });
    console.log(`  seeded ${count} customers in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);

    const mark = simulator.journal().at(-1)?.seq ?? 0;
    const cost = await runChild({
      ...process.env,
      ...env,
      CONNECTWISE_ALLOW_PRIVATE_SITE_URL: 'true',
      BENCH_SWEEP_PARTNER: partnerId,
    });
    const calls = simulator
      .journal()
      .filter((entry) => entry.seq > mark && !entry.path.startsWith('/login/'));
    const changed = cost.summary?.customersChanged ?? 0;
    const expectedChanged = Array.from({ length: count }, (_, index) => index).filter(isEdited).length;
    if (cost.summary?.customersChecked !== count || changed !== expectedChanged || cost.summary.errors > 0)
      throw new Error(`the sweep of ${count} reported ${JSON.stringify(cost.summary)}`);
    if (process.env.BENCH_VERBOSE) {
      const byPath = new Map<string, number>();
      for (const call of calls) {
        const shape = `${call.method} ${call.path.replace(/\d+/g, 'N')}`;
        byPath.set(shape, (byPath.get(shape) ?? 0) + 1);
      }
      console.log(`  ConnectWise requests: ${JSON.stringify(Object.fromEntries(byPath))}`);
    }
    const dynamoDb = Object.values(cost.dynamoDbRequests).reduce((sum, n) => sum + n, 0);
    if (process.env.BENCH_VERBOSE)
      console.log(`  DynamoDB requests: ${JSON.stringify(cost.dynamoDbRequests)}`);
    return { count, cost, callsPerCustomer: calls.length / count, dynamoDbPerCustomer: dynamoDb / count };
  } finally {
    secretsManager.destroy();
    documentClient.destroy();
    await simulator.stop();
  }
};

/**
 * The billing sweep at scale: `sizes` customers, each seeded in the simulator with its usage
 * stored, every tenth with an edited quantity; the real billing-sweep handler plans the run and
 * two consumers (the stack's default billing concurrency) reconcile it. The figures: wall time,
 * ConnectWise and DynamoDB requests per customer, and the sweep process's peak memory. The
 * per-customer request counts must stay flat with the size, and (reads by key) so does the wall
 * time per customer.
 */
export const sweepBenchmark: Benchmark = {
  name: 'sweep',
  run: async () => {
    const runs = [];
    for (const count of sizes) {
      const run = await sweepOf(count);
      runs.push(run);
      reportFigure(`sweep ${count}: wall time`, run.cost.wallMs / 1000, 's', 'report');
      reportFigure(`sweep ${count}: wall time per customer`, run.cost.wallMs / count, 'ms', 'report');
      reportFigure(`sweep ${count}: connectwise calls per customer`, run.callsPerCustomer, 'calls', 'flat');
      reportFigure(
        `sweep ${count}: dynamodb requests per customer`,
        run.dynamoDbPerCustomer,
        'requests',
        'flat',
      );
      reportFigure(`sweep ${count}: peak memory of the sweep process`, run.cost.maxRssMiB, 'MiB', 'report');
    }
    const first = runs[0];
    const last = runs.at(-1);
    if (first && last && last !== first) {
      reportFigure(
        `sweep: connectwise calls per customer, ${last.count} vs ${first.count}`,
        last.callsPerCustomer / first.callsPerCustomer,
        '×',
        '≤ 1.05×',
      );
      reportFigure(
        `sweep: dynamodb requests per customer, ${last.count} vs ${first.count}`,
        last.dynamoDbPerCustomer / first.dynamoDbPerCustomer,
        '×',
        '≤ 1.05×',
      );
      reportFigure(
        `sweep: wall time per customer, ${last.count} vs ${first.count}`,
        last.cost.wallMs / last.count / (first.cost.wallMs / first.count),
        '×',
        'report',
      );
    }
  },
};
