// CEL: Flux's custom health checks and dependency readiness expressions. A subpath of its own, not in the
// package's index, because the CEL runtime (@bufbuild/cel with protobuf and RE2) costs about 9 MiB of memory
// once loaded: the agent imports it only when a Kustomization has an expression (apps/spoke-agent's cel.ts).
export { parseCelExpression, type CelExpression } from './cel-expression.js';
export { compileHealthCheckExprs, type CustomHealth, type HealthCheckExpr } from './custom-health.js';
