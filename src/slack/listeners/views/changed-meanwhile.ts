/** Shown on a form re-opened with current values because its record changed while it was open. */
export const changedMeanwhile = (subject: string) =>
  `${subject} was changed by someone else while this form was open. These are its current values: make your change again.`
