import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { parse } from 'yaml'
import { readSpecJson } from './slack-spec/spec-files.ts'

/** Where manifest.schema.json `$ref`s the per-version schemas (registered offline from the local copies). */
const SCHEMA_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas'

interface Validators {
  all: ValidateFunction
  byMajor: Record<1 | 2, ValidateFunction>
}

let validators: Validators | undefined

function load(): Validators {
  if (validators !== undefined) return validators
  const ajv = new Ajv({ strict: false, allErrors: true })
  // The only format the schemas use; ajv-formats is not a dependency.
  ajv.addFormat('uri', { type: 'string', validate: (value: string) => URL.canParse(value) })
  const v1 = readSpecJson('manifest/manifest.schema.1.0.0.json') as object
  const v2 = readSpecJson('manifest/manifest.schema.2.0.0.json') as object
  ajv.addSchema(v1, `${SCHEMA_URL}/manifest.schema.1.0.0.json`)
  ajv.addSchema(v2, `${SCHEMA_URL}/manifest.schema.2.0.0.json`)
  const all = ajv.compile(readSpecJson('manifest/manifest.schema.json') as object)
  const byVersion = (version: string): ValidateFunction => {
    const validate = ajv.getSchema(`${SCHEMA_URL}/manifest.schema.${version}.json`)
    if (validate === undefined) throw new Error(`manifest schema ${version} not registered`)
    return validate
  }
  validators = { all, byMajor: { 1: byVersion('1.0.0'), 2: byVersion('2.0.0') } }
  return validators
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath
  const params = error.params as Record<string, unknown>
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String(params.additionalProperty)})`
      : error.keyword === 'enum'
        ? ` (${JSON.stringify(params.allowedValues)})`
        : ''
  return `${where} ${error.message ?? 'is invalid'}${extra}`
}

function majorVersion(manifest: unknown): 1 | 2 {
  if (typeof manifest !== 'object' || manifest === null) return 1
  const metadata = (manifest as { _metadata?: { major_version?: unknown } })._metadata
  return metadata?.major_version === 2 ? 2 : 1
}

/** Validates a parsed app manifest against Slack's schema; returns errors (empty when valid). */
export function validateManifestObject(manifest: unknown): string[] {
  const { all, byMajor } = load()
  if (all(manifest)) return []
  // The all-versions schema only says "must match exactly one schema in oneOf"; the schema of the
  // version the manifest declares gives the actionable errors.
  const specific = byMajor[majorVersion(manifest)]
  const errors = specific(manifest) ? (all.errors ?? []) : (specific.errors ?? [])
  return [...new Set(errors.map(describe))]
}

/** Parses manifest YAML (package `yaml`) and validates it; YAML errors are returned as errors too. */
export function validateManifest(yamlText: string): string[] {
  let manifest: unknown
  try {
    manifest = parse(yamlText)
  } catch (error) {
    return [`YAML: ${error instanceof Error ? error.message : String(error)}`]
  }
  return validateManifestObject(manifest)
}
