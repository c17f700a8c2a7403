// Benchmark-only: times @cloud-copilot/iam-simulate (AGPL, installed in this folder only) on
// the workload raycloud's IAM benchmark uses (workload.json). Prints one JSON object:
// {"evaluations_per_second": x, "evaluations": n, "decisions": {...}}.
import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';

const workload = JSON.parse(readFileSync(new URL('./workload.json', import.meta.url)));
const seconds = Number(process.argv[2] || 5);
const identityPolicies = workload.identity_policies.map((policy, i) => ({ name: `p${i}`, policy }));
const boundary = [{ name: 'boundary', policy: workload.boundary }];

async function evaluate(request) {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resource_account },
        contextVariables: request.context,
      },
      identityPolicies,
      permissionBoundaryPolicies: boundary,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return response.resultType === 'error' ? 'error' : response.overallResult;
}

const decisions = {};
const start = process.hrtime.bigint();
let count = 0;
while (Number(process.hrtime.bigint() - start) / 1e9 < seconds) {
  const decision = await evaluate(workload.requests[count % workload.requests.length]);
  decisions[decision] = (decisions[decision] || 0) + 1;
  count++;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ evaluations_per_second: count / elapsed, evaluations: count, decisions }));
