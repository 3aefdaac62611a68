/** The parts of openapi-v2.json (Swagger 2.0) and overlay.json that the validators read. */
export interface SpecParameter {
  name: string
  in: string
  type?: string
  required?: boolean
}

export interface SpecOperation {
  consumes?: string[]
  parameters?: SpecParameter[]
}

export interface OpenApiSpec {
  paths: Record<string, { get?: SpecOperation; post?: SpecOperation }>
}

export interface OverlayMethod {
  in_spec: boolean
  http_methods: string[]
  content_types: string[]
  required: string[]
  one_of: string[][]
  optional: string[]
  json_fields: string[]
  ignore: string[]
  param_types?: Record<string, string>
}

export interface Overlay {
  defaults: { http_methods: string[]; content_types: string[]; ignore: string[] }
  methods: Record<string, OverlayMethod>
  non_web_api: {
    response_url: { http_methods: string[]; content_types: string[]; body_fields: Record<string, string> }
  }
}
