// Test-only bridge to the peer simulator (@cloud-copilot/iam-simulate, AGPL, installed in
// this folder only and run as a separate process). Reads requests in raycloud's batch
// format (cli.md, `iam simulate --requests`) on stdin, one per line, and prints one
// {"decision": ...} per line: allowed | implicit_deny | explicit_deny | error.
import { createInterface } from 'node:readline';
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';

const decisions = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicit_deny',
  ExplicitlyDenied: 'explicit_deny',
};

function accountOf(arn) {
  const parts = arn.split(':');
  return parts.length >= 6 ? parts[4] : '';
}

function toSimulation(line) {
  const levels = (levelsIn, prefix) =>
    (levelsIn || []).map((level, i) => ({
      orgIdentifier: `${prefix}-level-${i}`,
      policies: level.map((policy, j) => ({ name: `${prefix}[${i}][${j}]`, policy })),
    }));
  const principal = !line.principal || line.principal === '*' ? anonymousPrincipal : line.principal;
  const resourceAccount =
    line.resource_account || accountOf(line.resource) || accountOf(line.principal || '');
  const simulation = {
    request: {
      principal,
      action: line.action,
      resource: { resource: line.resource, accountId: resourceAccount },
      contextVariables: line.context || {},
    },
    identityPolicies: (line.identity_policies || []).map((policy, i) => ({
      name: `identity_policies[${i}]`,
      policy,
    })),
    serviceControlPolicies: levels(line.scps, 'scps'),
    resourceControlPolicies: levels(line.rcps, 'rcps'),
  };
  if (line.boundary) simulation.permissionBoundaryPolicies = [{ name: 'boundary', policy: line.boundary }];
  if (line.resource_policy) simulation.resourcePolicy = line.resource_policy;
  if (line.session_policy) simulation.sessionPolicy = line.session_policy;
  return simulation;
}

async function evaluate(text) {
  try {
    const response = await runSimulation(toSimulation(JSON.parse(text)), {});
    if (response.resultType === 'error') {
      return { decision: 'error', error: JSON.stringify(response.errors).slice(0, 400) };
    }
    return { decision: decisions[response.overallResult] || `unknown:${response.overallResult}` };
  } catch (error) {
    return { decision: 'error', error: String(error).slice(0, 400) };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
for await (const text of lines) {
  if (!text.trim()) continue;
  out.push(JSON.stringify(await evaluate(text)));
  if (out.length >= 256) process.stdout.write(out.splice(0).join('\n') + '\n');
}
if (out.length) process.stdout.write(out.join('\n') + '\n');
