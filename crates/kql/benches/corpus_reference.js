// Times Microsoft's reference KQL parser (Kusto.Language, npm build) on the queries in a JSON
// file, excluding Node start-up and module loading: parse-only (KustoCode.Parse), like kql::parse.
// Usage: node corpus_reference.js <oracle dir with node_modules> <queries.json> <seconds>
const path = require('path');
const fs = require('fs');
const [oracle, file, seconds] = process.argv.slice(2);
global.Bridge = require(path.join(oracle, 'node_modules/@kusto/language-service-next/bridge.js'));
require(path.join(oracle, 'node_modules/@kusto/language-service-next/Kusto.Language.Bridge.js'));
const K = global.Kusto.Language;
const queries = JSON.parse(fs.readFileSync(file, 'utf8'));
const bytes = queries.reduce((n, q) => n + Buffer.byteLength(q, 'utf8'), 0);
// Warm up the JIT.
for (let i = 0; i < 3; i++) for (const q of queries) K.KustoCode.Parse(q).GetDiagnostics();
let rounds = 0;
const start = process.hrtime.bigint();
const budget = BigInt(Math.round(parseFloat(seconds || '5') * 1e9));
while (process.hrtime.bigint() - start < budget) {
  for (const q of queries) K.KustoCode.Parse(q).GetDiagnostics();
  rounds++;
}
const ns = Number(process.hrtime.bigint() - start);
console.log(JSON.stringify({ rounds, bytes, seconds: ns / 1e9, mb_per_s: (bytes * rounds) / (ns / 1e9) / 1e6 }));
