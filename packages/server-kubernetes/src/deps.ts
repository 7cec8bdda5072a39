import type { ClusterSet } from './client/cluster-set.js';
import type { PortForwards } from './client/port-forwards.js';

/** What the Kubernetes tools work with. */
export interface KubernetesDeps {
  /** The kubeconfig's clusters, each behind the policy chokepoint. */
  kube: ClusterSet;
  /** The field manager named in server-side apply and patches. */
  fieldManager: string;
  /** Open port-forwards of this process (stdio only). */
  forwards: PortForwards;
}
