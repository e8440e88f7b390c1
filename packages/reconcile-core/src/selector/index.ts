// Label selectors and label rules, for the browser bundle (no zod).
export { labelKeyErrors, labelValueErrors, isLabelKey, isLabelValue } from './label-validation.js';
export {
  parseLabelSelector,
  labelSelectorFromObject,
  formatLabelSelector,
  matchesLabelSelector,
  type LabelSelector,
  type LabelSelectorObject,
  type SelectorOperator,
  type SelectorRequirement,
} from './label-selector.js';
