export { loadScenario, loadScenarios, SCENARIOS_DIR, type LoadedScenario } from './scenario/load-scenarios.js';
export { startOracle, type Oracle } from './runner/oracle.js';
export { closingLine, scenarioLine, totals, writeFullDiff } from './runner/report.js';
export type { ScenarioResult, Verdict } from './runner/run-scenario.js';
