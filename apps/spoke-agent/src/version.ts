/** Kept equal to package.json's version by version.test.ts (a JSON import would print an ExperimentalWarning on Node 20). */
export const AGENT_VERSION = '0.1.0';
