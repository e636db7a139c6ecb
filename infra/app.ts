import { App } from 'aws-cdk-lib';
import { addBridgeStacks } from './bridge-app.js';

const app = new App();
addBridgeStacks(app);
app.synth();
