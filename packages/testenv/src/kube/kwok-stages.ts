// kwok acts as the kubelet of the fake nodes; these stages say what it does to them. Our own, minimal
// set: nodes become Ready; ordinary pods start Running and Ready; pods labelled `flotilla.test/unready`
// start Running and never turn Ready (a workload whose health check can only time out); pods owned by a Job
// run to Succeeded (so Jobs complete, which health checks rely on); pods being deleted go away at once (no
// kubelet to confirm a graceful deletion). Node liveness comes from kwok renewing node leases
// (--node-lease-duration-seconds).
const ownerIsJob = `'.metadata.ownerReferences.[].kind'`;

/** The pod label that keeps a pod Running but never Ready. */
const UNREADY_POD_LABEL = 'flotilla.test/unready';
const unreadyLabel = `'.metadata.labels["${UNREADY_POD_LABEL}"]'`;

// Ordinary pods run and stay Ready (or, labelled unready, run and never turn Ready); a Job's pods run to
// completion. All start from a pod that is scheduled and has no IP yet.
function podStage(name: string, jobOwner: 'In' | 'NotIn', phase: 'Running' | 'Succeeded', unready: 'Exists' | 'DoesNotExist' = 'DoesNotExist'): string {
  const done = phase === 'Succeeded';
  const neverReady = unready === 'Exists';
  const ready = done ? `"False", reason: PodCompleted` : neverReady ? `"False", reason: ContainersNotReady` : '"True"';
  const state = done
    ? '{terminated: {exitCode: 0, reason: Completed, startedAt: {{ $now | Quote }}, finishedAt: {{ $now | Quote }}}}'
    : '{running: {startedAt: {{ $now | Quote }}}}';
  return `---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${name}
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: ${ownerIsJob}
      operator: ${jobOwner}
      values: ['Job']
    - key: ${unreadyLabel}
      operator: ${unready}
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - {type: PodScheduled, status: "True", lastTransitionTime: {{ $now | Quote }}}
      - {type: Initialized, status: "True", lastTransitionTime: {{ $now | Quote }}}
      - {type: ContainersReady, status: ${ready}, lastTransitionTime: {{ $now | Quote }}}
      - {type: Ready, status: ${ready}, lastTransitionTime: {{ $now | Quote }}}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: ${!done && !neverReady}
        started: ${!done}
        restartCount: 0
        state: ${state}
      {{ end }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
      phase: ${phase}
      startTime: {{ $now | Quote }}
`;
}

export const kwokStages = `
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: flotilla-node-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $now | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      addresses:
      - address: {{ NodeIP | Quote }}
        type: InternalIP
      - address: {{ NodeName | Quote }}
        type: Hostname
      phase: Running
${podStage('flotilla-pod-running', 'NotIn', 'Running')}
${podStage('flotilla-pod-running-unready', 'NotIn', 'Running', 'Exists')}
${podStage('flotilla-pod-job-succeeded', 'In', 'Succeeded')}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: flotilla-pod-delete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    finalizers:
      empty: true
    delete: true
`;
