import { problemMessage } from '../../src/messages/problems.ts'
import type { FieldProblem } from '../../src/services/errors.ts'

/** Field problems as a person reads them: the field, and the words src/messages gives the problem. */
export const worded = (problems: readonly FieldProblem[]) =>
  problems.map((p) => ({ field: p.field, message: problemMessage(p.problem) }))
