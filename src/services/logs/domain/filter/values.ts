/** What JSON and space-delimited comparisons share: numeric literals and the six operators. */

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export const OPERATORS: readonly Operator[] = ['!=', '<=', '>=', '=', '<', '>'];

/** A numeric literal or field: digits with an optional sign, fraction and exponent. */
export const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function compareNumber(op: string, field: number, literal: number): boolean {
  switch (op) {
    case '=': return field === literal;
    case '!=': return field !== literal;
    case '<': return field < literal;
    case '<=': return field <= literal;
    case '>': return field > literal;
    default: return field >= literal;
  }
}
