// Element ids unique within one rendered fragment (labels point at their controls by id).
export interface IdMaker {
  next(prefix: string): string
}

export function idMaker(scope: string): IdMaker {
  let n = 0
  const safeScope = scope.replace(/[^A-Za-z0-9_-]/g, '_')
  return { next: (prefix) => `${safeScope}-${prefix}-${++n}` }
}
