import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const VARIABLE_VALUE = /^Variable "\$(\w+)" got invalid value /;
/** The path graphql-js prints after the value: `at "input.credentials"` or `at "input.items[0].name"`. */
const PATH_AT_END = / at "(\w+(?:\.\w+|\[\d+\])*)"$/;
/**
 * The reasons graphql-js gives, reduced to the words that never quote the value: the structural ones are kept as
 * they are; a scalar's or an enum's parse error quotes the value and keeps only its type; any other (a custom
 * scalar's own words) gives no detail.
 */
const REASONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(Field "\w+" is not defined by type "[^"]+"\.)/, (m) => m[1]!],
  [/^(Field "\w+" of required type "[^"]+" was not provided\.)$/, (m) => m[1]!],
  [/^(Expected type "[^"]+" to be an object\.)$/, (m) => m[1]!],
  [/^(Expected non-nullable type "[^"]+" not to be null\.)$/, (m) => m[1]!],
  [/^(Expected type "[^"]+"\.)/, (m) => m[1]!],
  [/^Value .* does not exist in "(\w+)" enum\./s, (m) => `Value does not exist in "${m[1]}" enum.`],
  [/^(\w+) cannot represent /, (m) => `${m[1]} cannot represent this value.`],
];

function reasonWithoutValue(reason: string): string {
  for (const [pattern, keep] of REASONS) {
    const m = pattern.exec(reason);
    if (m) return keep(m);
  }
  return 'the value is not valid here.';
}

/**
 * graphql-js words a refused variable as `Variable "$input" got invalid value <the value>[ at "<path>"]; <reason>`,
 * quoting the value it refused: with a typo beside a password, the whole credentials object and so the password
 * would come back in the answer, and from there reach the UI's messages and whatever records responses. This
 * keeps the variable, the path and the reason, and drops every value (also the one a scalar's or an enum's reason
 * quotes) and the "Did you mean" hint (schema details stay hidden from client errors).
 */
export function withoutVariableValue(message: string, reason: string | undefined): string {
  const variable = VARIABLE_VALUE.exec(message);
  if (!variable || reason === undefined || !message.endsWith(`; ${reason}`)) return message;
  const prefix = message.slice(0, message.length - reason.length - 2);
  const at = PATH_AT_END.exec(prefix)?.[1];
  return `Variable "$${variable[1]}" got an invalid value${at ? ` at "${at}"` : ''}; ${reasonWithoutValue(reason)}`;
}

/** Apollo's `formatError`: variable errors lose the values they quote; every other error passes unchanged. */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!(error instanceof GraphQLError) || !VARIABLE_VALUE.test(formatted.message)) return formatted;
  return { ...formatted, message: withoutVariableValue(formatted.message, error.originalError?.message) };
}
