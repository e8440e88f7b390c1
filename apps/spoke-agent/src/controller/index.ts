export { ControllerRuntime, type ControllerRuntimeOptions } from './controller-runtime.js';
export { installFluxCrds } from '../crds/flux-crds.js';
