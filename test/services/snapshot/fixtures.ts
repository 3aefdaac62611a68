// Snapshots for the snapshot tests: the shipped demo, and helpers to break copies of it.
import { readFileSync } from 'node:fs'
import type { SnapshotInput } from '../../../src/services/snapshot/snapshot-schema.ts'

export const DEMO_FILE = new URL('../../../examples/demo-snapshot.json', import.meta.url)

/** A fresh copy of examples/demo-snapshot.json, as written (sorted: groups ManageEngine, Site24x7, Zoho). */
export function demoSnapshot(): Demo {
  return JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as Demo
}

type Input = Required<SnapshotInput>
type DemoCustomer = Input['customers'][number] &
  Required<Pick<Input['customers'][number], 'directUsers' | 'alertGroups'>>
/** The demo's type: every list present (the file spells them all out). */
export type Demo = Omit<Input, 'customers'> & { customers: DemoCustomer[] }

/** Element `i` of a list, failing the test when it is missing. */
export function at<T>(list: readonly T[], i: number): T {
  const item = list[i]
  if (item === undefined) throw new Error(`no element ${i}`)
  return item
}
