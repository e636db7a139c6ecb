import { startConnectWiseSimulator } from './server.js';

// Standalone entry point: `tsx cw-simulator/main.ts` serves the demo tenant on CW_SIM_PORT.
const simulator = await startConnectWiseSimulator({ port: Number(process.env.CW_SIM_PORT ?? 3001) });
const { companyId, publicKey, privateKey, clientId } = simulator.credentials;
process.stdout.write(
  [
    `ConnectWise simulator listening on ${simulator.url}`,
    `  API:        ${simulator.url}/v4_6_release/apis/3.0`,
    `  companyId:  ${companyId}`,
    `  publicKey:  ${publicKey}`,
    `  privateKey: ${privateKey}`,
    `  clientId:   ${clientId}`,
    `  controls:   ${simulator.url}/__sim/{faults,requests,state}`,
    '',
  ].join('\n'),
);
const shutdown = () => {
  simulator.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
