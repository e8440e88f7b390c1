export { registerHelmKinds, type HelmKindsOptions } from './register-helm-kinds.js';
export { writeHelmKubeconfig } from './helm-kubeconfig.js';
