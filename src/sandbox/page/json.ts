// Reading Block Kit JSON as the app sent it (the emulator keeps it as parsed JSON): small typed getters.
export type Json = Record<string, unknown>

export const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const str = (o: Json | undefined, key: string): string | undefined => {
  const v = o?.[key]
  return typeof v === 'string' ? v : undefined
}
export const num = (o: Json | undefined, key: string): number | undefined => {
  const v = o?.[key]
  return typeof v === 'number' ? v : undefined
}
export const obj = (o: Json | undefined, key: string): Json | undefined => {
  const v = o?.[key]
  return isJson(v) ? v : undefined
}
export const list = (o: Json | undefined, key: string): Json[] => {
  const v = o?.[key]
  return Array.isArray(v) ? v.filter(isJson) : []
}

/** The text of a text object (`{ type, text }`), or undefined. */
export const textOf = (o: Json | undefined, key: string): string | undefined => str(obj(o, key), 'text')
