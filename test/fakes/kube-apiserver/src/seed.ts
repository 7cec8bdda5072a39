import { randomSuffix } from './api/served-form.js';
import { type JsonObject } from './util/object.js';

/** A Ready node like a kubelet registers it. */
export function nodeObject(name: string, index: number, kubeletVersion: string): JsonObject {
  const capacity = { cpu: '4', 'ephemeral-storage': '102687672Ki', memory: '16318712Ki', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      capacity,
      allocatable: { ...capacity, cpu: '4', memory: '16216312Ki' },
      conditions: [
        ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
      ].map(([type, status, reason, message]) => ({
        type,
        status,
        reason,
        message,
        lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      })),
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${index + 10}` },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `${index}`.padStart(32, '0'),
        systemUUID: `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`,
        bootID: `00000000-0000-0000-0000-${String(index + 100).padStart(12, '0')}`,
        kernelVersion: '6.1.0-18-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.13',
        kubeletVersion,
        kubeProxyVersion: kubeletVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** The namespaces every cluster starts with. */
export const systemNamespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** The `kubernetes` Service in default. */
export const kubernetesService: JsonObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
  spec: {
    clusterIP: '10.96.0.1',
    ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    type: 'ClusterIP',
  },
};

/** Options of seedPods. */
export interface SeedPodsOptions {
  /** How many pods in total. */
  count: number;
  /** Namespaces to spread them over (created when missing); default ten named "bench-0".."bench-9". */
  namespaces?: string[];
  /** Node names to place them on. */
  nodes: string[];
  /** Record the Scheduled/Pulling/Pulled/Created/Started events of each pod (default true). */
  events?: boolean;
}

/** Running, Ready pods spread round-robin over namespaces and nodes, named like Deployment pods. */
export function benchmarkPods(options: SeedPodsOptions, now: Date): JsonObject[] {
  const namespaces = options.namespaces ?? Array.from({ length: 10 }, (_, i) => `bench-${i}`);
  const started = now.toISOString().replace(/\.\d+Z$/, 'Z');
  return Array.from({ length: options.count }, (_, index) => {
    const namespace = namespaces[index % namespaces.length] ?? 'default';
    const app = `app-${Math.floor(index / namespaces.length) % 20}`;
    const node = options.nodes[index % Math.max(1, options.nodes.length)] ?? '';
    const ip = `10.244.${Math.floor(index / 250) % 250}.${(index % 250) + 2}`;
    const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: started });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app}-${randomSuffix(10)}-${randomSuffix()}`,
        namespace,
        labels: { app, tier: index % 3 === 0 ? 'frontend' : 'backend' },
      },
      spec: {
        nodeName: node,
        containers: [
          {
            name: 'main',
            image: `registry.example.com/${app}:1.${index % 7}.0`,
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            resources: { requests: { cpu: '50m', memory: '64Mi' } },
          },
        ],
      },
      status: {
        phase: 'Running',
        conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
          condition,
        ),
        hostIP: '10.0.0.10',
        podIP: ip,
        podIPs: [{ ip }],
        startTime: started,
        containerStatuses: [
          {
            name: 'main',
            image: `registry.example.com/${app}:1.${index % 7}.0`,
            imageID: '',
            containerID: `containerd://${index.toString(16).padStart(64, '0')}`,
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: started } },
            lastState: {},
          },
        ],
      },
    };
  });
}
