const mod = process.argv[2];
const t = performance.now();
await import(mod);
console.log((performance.now() - t).toFixed(1));
