/**
 * Task-definition features Berth cannot honour yet. RunTask refuses them with a clear
 * ClientException instead of running something different from what was asked.
 */
import { ContainerDef, TaskDefInput } from './task-definition-rules.js';

function containerProblem(c: ContainerDef): string | undefined {
  const name = c.name;
  if (c.environmentFiles?.length) return `container ${name}: environmentFiles from S3 are not supported yet`;
  if (c.linuxParameters?.devices?.length) return `container ${name}: linuxParameters.devices are not supported yet`;
  if (c.linuxParameters?.maxSwap !== undefined || c.linuxParameters?.swappiness !== undefined) return `container ${name}: swap settings are not supported yet`;
  if (c.systemControls?.length) return `container ${name}: systemControls are not supported yet`;
  if (c.dockerSecurityOptions?.length) return `container ${name}: dockerSecurityOptions are not supported yet`;
  if (c.dnsSearchDomains?.length) return `container ${name}: dnsSearchDomains are not supported yet`;
  if (c.restartPolicy?.enabled) return `container ${name}: restartPolicy is not supported yet`;
  if (c.firelensConfiguration) return `container ${name}: FireLens log routing is not supported yet`;
  const gpu = c.resourceRequirements?.find((r) => r.type === 'GPU' || r.type === 'InferenceAccelerator');
  if (gpu) return `container ${name}: ${gpu.type} resources are not available`;
  return undefined;
}

/** The first feature of the definition Berth cannot honour, or undefined. */
export function unsupportedFeature(td: TaskDefInput): string | undefined {
  if (td.pidMode) return `pidMode '${td.pidMode}' is not supported yet`;
  if (td.ipcMode) return `ipcMode '${td.ipcMode}' is not supported yet`;
  if (td.proxyConfiguration) return 'proxyConfiguration (App Mesh) is not supported yet';
  // With one container instance a constraint such as distinctInstance could not be honoured.
  if (td.inferenceAccelerators?.length) return 'inference accelerators are not available';
  for (const c of td.containerDefinitions) {
    const problem = containerProblem(c);
    if (problem) return problem;
  }
  return undefined;
}
