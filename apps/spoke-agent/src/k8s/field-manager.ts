// The one field manager every server-side apply of the agent uses. Flux uses its controller name
// (`kustomize-controller`); ours is the product name so `kubectl get -o yaml --show-managed-fields` says who
// owns a field.
export const FIELD_MANAGER = 'flotilla';
