export const ROOT: string
export const SRC: string
export const DIST: string
export const STAMP: string
export function newestMtime(dir: string): number
export function compiledIsFresh(): boolean
