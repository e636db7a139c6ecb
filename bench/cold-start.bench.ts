import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { addBridgeStacks } from '../infra/bridge-app.js';
import { type Benchmark, reportFigure, summarize } from './harness.js';

const runs = Number(process.env.BENCH_COLD_RUNS ?? 12);

interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly env: Record<string, string>;
}

const cdkContext = (): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;

/**
 * The deployed bundles: the app synthesized with its real bundling, each function's `index.mjs`
 * from the cloud assembly, and the environment the stack gives it (references to other resources,
 * which only exist once deployed, become placeholder strings).
 */
const deployedBundles = (): Bundle[] => {
  const outdir = mkdtempSync(join(tmpdir(), 'cwbridge-cold-'));
  const app = new App({ outdir, context: cdkContext() });
  const { stateless } = addBridgeStacks(app);
  const assembly = app.synth();
  const template = assembly.getStackByName(stateless.stackName).template as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([logicalId, resource]) => {
      const variables =
        (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
        {};
      const env = Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : `bench-${name.toLowerCase()}`,
        ]),
      );
      // `Ingest4069586C` → `ingest`: the construct id, without CDK's hash.
      const name = logicalId
        .replace(/[0-9A-F]{8}$/, '')
        .replace(/(?<=[a-z])(?=[A-Z])/g, '-')
        .toLowerCase();
      // The code's S3 key is the asset's hash: the assembly keeps the bundle in `asset.<hash>`.
      const key = String((resource.Properties.Code as { S3Key?: unknown } | undefined)?.S3Key ?? '');
      return { name, file: join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs'), env };
    });
};

/** A handler that only sends one SQS message, bundled with the same options: the floor. */
const bareBundle = async (env: Record<string, string>): Promise<Bundle> => {
  const dir = mkdtempSync(join(tmpdir(), 'cwbridge-bare-'));
  const entry = join(dir, 'bare.ts');
  writeFileSync(
    entry,
    `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const client = new SQSClient({});
export const handler = async () => client.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: '{}' }));
`,
  );
  const file = join(dir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    nodePaths: [join(process.cwd(), 'node_modules')],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  });
  return { name: 'bare SQS-only bundle', file, env };
};

const script = `const start = performance.now();
await import(process.argv[1]);
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 2 ** 20 }));`;

/** Import + module-scope init of a bundle in a fresh Node process, in milliseconds, and its RSS. */
const coldStart = (bundle: Bundle): { ms: number; rssMb: number } => {
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script, pathToFileURL(bundle.file).href],
    {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', ...bundle.env },
      encoding: 'utf8',
    },
  );
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(`${bundle.name} did not load: ${result.stderr.slice(0, 500)}`);
  }
  return JSON.parse(line) as { ms: number; rssMb: number };
};

/**
 * Cold start as deployed: each function's bundle size, and its import + module-scope init in a
 * fresh Node process with the stack's environment (NODE_OPTIONS included), median of `runs`,
 * interleaved with a bare SQS-only bundle built the same way in the same run.
 */
export const coldStartBenchmark: Benchmark = {
  name: 'cold-start',
  run: async () => {
    const bundles = deployedBundles();
    const nodeOptions = bundles[0]?.env.NODE_OPTIONS;
    const bare = await bareBundle(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions });
    // The same bundles without NODE_OPTIONS: what the source maps cost, measured in the same run.
    const withoutMaps = (bundle: Bundle): Bundle => {
      const { NODE_OPTIONS: _maps, ...env } = bundle.env;
      return { ...bundle, name: `${bundle.name} (no source maps)`, env };
    };
    const all = [bare, ...bundles, withoutMaps(bare), ...bundles.map(withoutMaps)];
    const times = new Map<string, number[]>(all.map((bundle) => [bundle.name, []]));
    const rss = new Map<string, number[]>(all.map((bundle) => [bundle.name, []]));
    coldStart(bare);
    for (let round = 0; round < runs; round += 1) {
      for (const bundle of all) {
        const measured = coldStart(bundle);
        times.get(bundle.name)?.push(measured.ms);
        rss.get(bundle.name)?.push(measured.rssMb);
      }
    }
    const median = (bundle: Bundle) => summarize(times.get(bundle.name) ?? []).medianMs;
    console.log(`\ncold start, ${runs} fresh processes each, NODE_OPTIONS=${nodeOptions ?? '(none)'}`);
    reportFigure('cold start: bare SQS-only bundle import + init', median(bare), 'ms', 'report');
    for (const bundle of bundles) {
      reportFigure(`bundle size: ${bundle.name}`, statSync(bundle.file).size / 1e6, 'MB', '≤ 1');
      reportFigure(`cold start: ${bundle.name} vs bare`, median(bundle) / median(bare), '×', '≤ 1.3');
      const plain = withoutMaps(bundle);
      reportFigure(
        `cold start: ${bundle.name} vs bare, both without source maps`,
        median(plain) / median(withoutMaps(bare)),
        '×',
        'report',
      );
      reportFigure(
        `cold start: ${bundle.name} peak RSS`,
        Math.max(...(rss.get(bundle.name) ?? [])),
        'MiB',
        'report',
      );
    }
  },
};
