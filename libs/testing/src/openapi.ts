import type { TestApp } from './test-app';

/**
 * The parts of the OpenAPI document (GET /docs-json) that the fuzz and access-control suites
 * read: every operation, its parameters and the schema of its request body.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/** Methods whose requests change something. */
export const WRITE_METHODS: readonly HttpMethod[] = ['post', 'put', 'patch', 'delete'];

export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  example?: unknown;
  default?: unknown;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

export interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema: SchemaObject }> };
  security?: Array<Record<string, string[]>>;
  tags?: string[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<HttpMethod, OperationObject>>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface ApiOperation {
  method: HttpMethod;
  /** The path as the document writes it, e.g. /api/programs/{id}. */
  path: string;
  /** "POST /api/programs/{id}": how the suites name a route. */
  key: string;
  operation: OperationObject;
}

/** The document the running app serves at /docs-json. */
export async function fetchOpenApi(t: TestApp): Promise<OpenApiDocument> {
  const res = await t.http.get('/docs-json');
  if (res.status !== 200) throw new Error(`/docs-json: ${res.status}`);
  const doc = res.body as OpenApiDocument;
  if (!doc.paths || typeof doc.paths !== 'object') throw new Error('/docs-json has no paths');
  return doc;
}

export const operationKey = (method: HttpMethod, path: string) => `${method.toUpperCase()} ${path}`;

/** Every operation of the document, in document order. */
export function listOperations(doc: OpenApiDocument): ApiOperation[] {
  const out: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) out.push({ method, path, key: operationKey(method, path), operation });
    }
  }
  return out;
}

/** The names of an operation's path parameters, in the order they appear in the path. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

export function parameter(op: ApiOperation, name: string): ParameterObject | undefined {
  return op.operation.parameters?.find((p) => p.name === name);
}

/** The path with its parameters filled in (URL-encoded, so that hostile values stay in place). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** The schema with $ref followed and allOf merged (one level of composition at a time). */
export function resolveSchema(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved schema ${schema.$ref}`);
    const rest: SchemaObject = { ...schema };
    delete rest.$ref;
    return resolveSchema(doc, { ...target, ...rest });
  }
  if (schema.allOf?.length) {
    const merged: SchemaObject = { ...schema };
    delete merged.allOf;
    for (const part of schema.allOf) {
      const resolved = resolveSchema(doc, part);
      Object.assign(merged, resolved, {
        properties: { ...merged.properties, ...resolved.properties },
        required: [...(merged.required ?? []), ...(resolved.required ?? [])],
      });
    }
    return merged;
  }
  return schema;
}

/** The name of the component schema a request body refers to (e.g. CreateProgramDto). */
export function requestBodySchemaName(op: ApiOperation): string | undefined {
  const schema = op.operation.requestBody?.content['application/json']?.schema;
  return schema?.$ref?.replace('#/components/schemas/', '');
}

/** The resolved JSON schema of an operation's request body, if it takes one. */
export function requestBodySchema(
  doc: OpenApiDocument,
  op: ApiOperation,
): SchemaObject | undefined {
  const schema = op.operation.requestBody?.content['application/json']?.schema;
  return schema ? resolveSchema(doc, schema) : undefined;
}
