import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import {
  ApiOperation,
  applicationBody,
  approvedSupplier,
  createCompany,
  fetchOpenApi,
  fillPath,
  listOperations,
  OpenApiDocument,
  openProgram,
  parameter,
  pathParameterNames,
  requestBodySchema,
  requestBodySchemaName,
  resolveSchema,
  SchemaObject,
  seedRules,
  startTestApp,
  SupplierFixture,
  TestApp,
  useOwnDatabase,
  validBrn,
  WRITE_METHODS,
} from '@app/testing';

/**
 * Fuzzing every write route of the OpenAPI document (GET /docs-json) with generated bad input:
 * each body property replaced by a value of the wrong type, a 100k-character string, deeply
 * nested JSON, broken Unicode (NUL, lone surrogates) or, where the property is a code, an
 * id, a date or an e-mail, Unicode and SQL-ish text; money (…Krw) negative, fractional,
 * above 2^53 or as a string; missing required properties, unknown extra properties, empty,
 * array and scalar bodies, malformed JSON, wrong content types, oversized bodies and hostile
 * path parameters. Path parameters name real objects (a program, a supplier and its offering,
 * a company, an application, an evaluator's sheet), so that requests get past 404 to
 * validation and the services behind it.
 *
 * Every generated request is invalid, so each must be answered with a 4xx in the one error
 * shape {statusCode, code, message, details, requestId} (no stack, no file path), never a 5xx
 * and never a success; and every table must hold exactly the same rows afterwards.
 *
 * Deterministic: a seeded PRNG (FUZZ_SEED, default below) picks the mutations.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20210302);
/** Field mutations per route: at least one per property, more for larger bodies. */
const FIELD_BUDGET_MIN = 30;
const FIELD_BUDGET_MAX = 100;
const CONCURRENCY = 4;

type User = { id: string; email: string; token: string };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Literal JSON text put into a body as is (numbers JSON cannot round-trip, deep nesting). */
class Raw {
  constructor(readonly text: string) {}
}
type Value = Json | Raw | Value[] | { [key: string]: Value };

interface Mutation {
  kind: string;
  label: string;
  /** The new value; none: the property is left out. */
  value?: Value;
  /** Sent for every property it applies to, not sampled. */
  always?: boolean;
}

interface FuzzCase {
  route: string;
  what: string;
  url: string;
  method: string;
  token: string | null;
  /** JSON text, or another content type with its text, or nothing at all. */
  body: { text: string; contentType: string } | null;
  /** The body properties the request breaks, as validation errors name them. */
  fields?: string[];
  headers?: Record<string, string>;
}

interface Outcome {
  c: FuzzCase;
  status: number;
  body: unknown;
  text: string;
  requestId: string | undefined;
}

// ---- deterministic randomness --------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- JSON text -----------------------------------------------------------------------------

function stringify(v: Value): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(stringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${stringify(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const deepObject = (depth: number) => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const deepArray = (depth: number) => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);

type Segment = string | number;

function pathName(path: Segment[]): string {
  return path.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s),
    '',
  );
}

function clone(v: Json): Value {
  return structuredClone(v) as Value;
}

/** A copy of the body with the value at `path` replaced (or removed when value is undefined). */
function withValue(base: Json, path: Segment[], value: Value | undefined): Value {
  const root = clone(base);
  let node = root as Record<string | number, Value>;
  for (const s of path.slice(0, -1)) node = node[s] as Record<string | number, Value>;
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return root;
}

function valueAt(base: Json, path: Segment[]): Json | undefined {
  let node: Json | undefined = base;
  for (const s of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[s];
  }
  return node;
}

// ---- what the schema says about a property -------------------------------------------------

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'map';

function kindOf(s: SchemaObject): Kind {
  if (s.type === 'array') return 'array';
  if (s.type === 'object' || s.properties) {
    if (s.properties) return 'object';
    // `string | null` properties are documented as nullable objects with a string example.
    if (typeof s.example === 'string') return 'string';
    return 'map';
  }
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.type === 'boolean') return 'boolean';
  return 'string';
}

/** A code, an id, a date, an e-mail, a URL or a number written as text: not free text. */
function isFormatted(s: SchemaObject): boolean {
  if (s.enum || s.format) return true;
  const example = s.example;
  if (typeof example !== 'string') return false;
  return (
    /^[A-Z][A-Z0-9_]*$/.test(example) ||
    /@/.test(example) ||
    /^\d{4}-\d{2}-\d{2}/.test(example) ||
    /^https?:\/\//.test(example) ||
    /^[\d\s()+-]+$/.test(example)
  );
}

const HUGE = 100_000;
const SQLISH = ["'; DROP TABLE users; --", '1 OR 1=1', '" OR ""="', "%' OR '1'='1"];

/** Strings no text field may accept: PostgreSQL cannot store NUL, and lone surrogates are not text. */
const BROKEN_UNICODE: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['NUL inside', 'abc\u0000def'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate inside', 'x\udfffy'],
  ['reversed surrogate pair', '\udc00\ud800'],
];

/** Valid Unicode that no code, id, date or e-mail may contain. */
const ODD_UNICODE: Array<[string, string]> = [
  ['zero-width joiner', '\u200d'],
  ['zero-width space', '\u200b'],
  ['RTL override', '\u202eABC'],
  ['emoji ZWJ sequence', '👩‍👩‍👧‍👦'],
  ['BOM', '\ufeff'],
];

const HUGE_STRINGS: Array<[string, string]> = [
  ['100k ASCII', 'A'.repeat(HUGE)],
  ['100k emoji ZWJ', '👩‍👩‍👧'.repeat(HUGE / 8)],
  ['100k RTL marks and text', '\u202e\u200fمرحبا'.repeat(HUGE / 7)],
  ['100k SQL-ish', SQLISH[0].repeat(Math.ceil(HUGE / SQLISH[0].length))],
];

/** Mutations for one property, every one of which makes the body invalid. */
function mutationsFor(slot: Slot, name: string, current: Json | undefined) {
  const { schema: s, required, item } = slot;
  const out: Mutation[] = [];
  const add = (kind: string, label: string, value?: Value, always?: boolean) =>
    out.push({ kind, label, value, always });
  const kind = kindOf(s);
  const nullable = s.nullable === true;
  const money = /Krw$/.test(name);

  // Wrong types (null only where it cannot mean "not sent").
  const swaps: Array<[Kind | 'null', string, Value]> = [
    ['string', 'a string', kind === 'number' ? '1000' : 'fuzz'],
    ['number', 'a number', 12345],
    ['boolean', 'a boolean', true],
    ['object', 'an object', { fuzz: 1 }],
    ['array', 'an array', ['fuzz']],
    ['null', 'null', null],
  ];
  for (const [as, label, value] of swaps) {
    if (as === kind || (as === 'object' && kind === 'map')) continue;
    if (as === 'null' && (nullable || !required)) continue;
    add('wrong type', `${label} instead of ${kind}`, value);
  }
  add('deep nesting', 'JSON nested 200 levels', deepObject(200));
  // (An array element left out only makes the array shorter.)
  if (required && !item) add('missing', 'left out (required)');

  if (kind === 'string') {
    for (const [label, value] of HUGE_STRINGS) add('huge string', label, value);
    for (const [label, value] of BROKEN_UNICODE) {
      const everywhere = label === 'NUL inside' || label === 'lone high surrogate';
      add('broken unicode', label, value, everywhere);
    }
    if (isFormatted(s)) {
      for (const [label, value] of ODD_UNICODE) add('unicode in a code', label, value);
      for (const value of SQLISH) add('SQL-ish', JSON.stringify(value), value);
    }
  }
  if (kind === 'number') {
    if (money) {
      add('money', '-1', -1, true);
      add('money', '0.5', 0.5, true);
      add('money', '1e21', 1e21, true);
      add('money', '1e309 (Infinity)', new Raw('1e309'), true);
      add('money', '2^53+1', new Raw('9007199254740993'), true);
      add('money', '"1000" (a string)', '1000', true);
      add('money', '-2^63', new Raw('-9223372036854775808'), true);
    } else {
      add('number', '1e21', 1e21);
      add('number', '-1e21', -1e21);
      add('number', '1e309 (Infinity)', new Raw('1e309'));
    }
  }
  if (kind === 'boolean') {
    add('boolean', '"true"', 'true');
    add('boolean', '1', 1);
  }
  if (kind === 'array') {
    add('array', '5,000 nulls', new Raw(`[${Array(5000).fill('null').join(',')}]`));
    add('deep nesting', 'arrays nested 200 levels', deepArray(200), true);
  }
  if (kind === 'object') {
    const base = current !== null && typeof current === 'object' && !Array.isArray(current);
    if (base) {
      add('extra property', 'unknown property __fuzz', {
        ...(current as Record<string, Json>),
        __fuzz: 1,
      });
      add(
        'extra property',
        '__proto__ key',
        new Raw(`{"__proto__":{"polluted":true},${stringify(current).slice(1)}`),
      );
    }
  }
  if (kind === 'map') {
    add('map entry', 'an entry of the wrong type', { NECESSITY: 'twenty' });
    add('map entry', 'a negative entry', { NECESSITY: -1 });
    add('map entry', 'an entry of 1e21', { NECESSITY: 1e21 });
    add('map entry', 'an SQL-ish key', { [SQLISH[0]]: 1 });
    add('map entry', 'a nested entry', { NECESSITY: { a: 1 } });
  }
  return out;
}

interface Slot {
  path: Segment[];
  schema: SchemaObject;
  required: boolean;
  /** The first element of an array rather than a property. */
  item?: boolean;
}

/** Every property of the body schema, nested objects and first array elements included. */
function slotsOf(doc: OpenApiDocument, schema: SchemaObject, base: Json, prefix: Segment[] = []) {
  const out: Slot[] = [];
  const resolve = (s: SchemaObject) => resolveSchema(doc, s);
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const s = resolve(raw);
    const path = [...prefix, name];
    out.push({ path, schema: s, required: (schema.required ?? []).includes(name) });
    const current = valueAt(base, path);
    if (kindOf(s) === 'object' && current && typeof current === 'object') {
      out.push(...slotsOf(doc, s, base, path));
    }
    if (kindOf(s) === 'array' && Array.isArray(current) && current.length && s.items) {
      const item = resolve(s.items);
      out.push({ path: [...path, 0], schema: item, required: true, item: true });
      if (kindOf(item) === 'object') out.push(...slotsOf(doc, item, base, [...path, 0]));
    }
  }
  return out;
}

/** A plausible value from a schema's examples, for bodies the suite has no fixture for. */
function exampleFor(doc: OpenApiDocument, raw: SchemaObject): Json {
  const s = resolveSchema(doc, raw);
  if (s.example !== undefined) return s.example as Json;
  if (s.enum?.length) return s.enum[0] as Json;
  switch (kindOf(s)) {
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, p]) => [k, exampleFor(doc, p)]),
      );
    case 'array':
      return s.items ? [exampleFor(doc, s.items)] : [];
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'map':
      return {};
    default:
      return s.format === 'uuid' ? randomUUID() : 'fuzz';
  }
}

// ---- checking answers ----------------------------------------------------------------------

const ERROR_KEYS = ['code', 'details', 'message', 'requestId', 'statusCode'];
const LEAK = /\bat .+\.(ts|js):\d+|node_modules|\/work\/|QueryFailedError|TypeORM|RangeError/;

function shapeProblem(o: Outcome): string | null {
  const b = o.body;
  if (!b || typeof b !== 'object' || Array.isArray(b))
    return `not a JSON object: ${o.text.slice(0, 120)}`;
  const keys = Object.keys(b).sort();
  if (keys.join() !== ERROR_KEYS.join()) return `keys are ${keys.join(', ')}`;
  const e = b as Record<string, unknown>;
  if (e.statusCode !== o.status) return `statusCode ${String(e.statusCode)} on a ${o.status}`;
  if (typeof e.code !== 'string' || !/^[A-Z_]+$/.test(e.code)) return `code ${String(e.code)}`;
  if (typeof e.message !== 'string' || !e.message) return 'no message';
  if (e.requestId !== o.requestId) return `requestId ${String(e.requestId)} ≠ x-request-id`;
  if (LEAK.test(o.text)) return `leaks internals: ${o.text.slice(0, 200)}`;
  if (e.code === 'VALIDATION_FAILED') {
    const fields = (e.details as { fields?: unknown } | null)?.fields;
    const ok =
      Array.isArray(fields) &&
      fields.length > 0 &&
      fields.every(
        (f: { field?: unknown; reasons?: unknown }) =>
          typeof f.field === 'string' &&
          Array.isArray(f.reasons) &&
          f.reasons.length > 0 &&
          f.reasons.every((r) => typeof r === 'string'),
      );
    if (!ok) return `VALIDATION_FAILED without details.fields: ${JSON.stringify(e.details)}`;
  }
  return null;
}

/** True when a reported field is the mutated property, one of its parents or children. */
function related(reported: string, mutated: string): boolean {
  const under = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  return under(reported, mutated) || under(mutated, reported);
}

const describeCase = (o: Outcome) => {
  const code = (o.body as { code?: unknown } | undefined)?.code;
  return `${o.c.route} ${o.c.what} → ${o.status} ${typeof code === 'string' ? code : o.text.slice(0, 120)}`;
};

// ---- the suite -----------------------------------------------------------------------------

describe('fuzzing every write route (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let doc: OpenApiDocument;
  let users: Record<'officer' | 'admin' | 'applicant' | 'supplier' | 'evaluator', User>;
  let supplier: SupplierFixture;
  const ids: Record<string, string> = {};
  const tag = randomUUID().slice(0, 8);

  let writeRoutes: ApiOperation[] = [];
  const actors = new Map<string, string | null>();
  const outcomes: Outcome[] = [];
  let rowsBefore: Record<string, string> = {};

  const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });

  async function ok(res: Response, status: number, what: string): Promise<Response> {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  }

  /** Row count and a digest of the rows of every table, so that changed rows show too. */
  async function snapshot(): Promise<Record<string, string>> {
    const tables: Array<{ table_name: string }> = await db.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      const [row] = (await db.query(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS h
           FROM "${table_name}" t`,
      )) as Array<{ n: number; h: string }>;
      out[table_name] = `${row.n} rows, ${row.h}`;
    }
    return out;
  }

  beforeAll(async () => {
    await useOwnDatabase('fuzz');
    t = await startTestApp();
    db = t.app.get(DataSource);
    const [officer, admin, applicant, evaluator] = await Promise.all([
      t.userWithToken(Role.OFFICER, 'fuzz-officer'),
      t.userWithToken(Role.ADMIN, 'fuzz-admin'),
      t.userWithToken(Role.APPLICANT, 'fuzz-applicant'),
      t.userWithToken(Role.EVALUATOR, 'fuzz-evaluator'),
    ]);
    supplier = await approvedSupplier(t, officer.token);
    users = { officer, admin, applicant, supplier: supplier.owner, evaluator };

    // An open program with a draft application; a draft program; an evaluating program with
    // an evaluator's sheet on a submitted application.
    const open = await openProgram(t, officer.token);
    const draft = await ok(
      await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name: `fuzz-draft-${tag}`, rules: seedRules(2021) }),
      201,
      'draft program',
    );
    const evaluating = await openProgram(t, officer.token);
    const company = await createCompany(t, applicant.token);
    const draftApp = await ok(
      await t.http
        .post(`/api/programs/${open.id}/applications`)
        .set(bearer(applicant))
        .send(applicationBody(company.id, supplier)),
      201,
      'draft application',
    );
    const reviewed = await ok(
      await t.http
        .post(`/api/programs/${evaluating.id}/applications`)
        .set(bearer(applicant))
        .send(applicationBody(company.id, supplier)),
      201,
      'application to evaluate',
    );
    const reviewedId = reviewed.body.id as string;
    await ok(
      await t.http.post(`/api/applications/${reviewedId}/confirm`).set(bearer(supplier.owner)),
      200,
      'confirm',
    );
    await ok(
      await t.http.post(`/api/applications/${reviewedId}/submit`).set(bearer(applicant)),
      200,
      'submit',
    );
    for (const action of ['close', 'start-evaluation']) {
      await ok(
        await t.http.post(`/api/programs/${evaluating.id}/${action}`).set(bearer(officer)),
        200,
        action,
      );
    }
    await ok(
      await t.http
        .post(`/api/programs/${evaluating.id}/evaluators`)
        .set(bearer(officer))
        .send({ evaluatorIds: [evaluator.id] }),
      201,
      'pool',
    );
    const sheet = await ok(
      await t.http
        .post(`/api/applications/${reviewedId}/assignments`)
        .set(bearer(officer))
        .send({ evaluatorId: evaluator.id }),
      201,
      'assignment',
    );
    Object.assign(ids, {
      openProgram: open.id,
      draftProgram: draft.body.id as string,
      evaluatingProgram: evaluating.id,
      company: company.id,
      draftApplication: draftApp.body.id as string,
      reviewedApplication: reviewedId,
      assignment: (sheet.body.id ?? sheet.body.assignmentId) as string,
      supplier: supplier.id,
      offering: supplier.offerings.AI_PROCESSING,
    });
    doc = await fetchOpenApi(t);
  });
  afterAll(() => t?.close());

  /** Real objects for path parameters, so that requests reach validation and the services. */
  function pathValues(op: ApiOperation): Record<string, string> {
    const p = op.path;
    const values: Record<string, string> = {};
    for (const name of pathParameterNames(p)) {
      const schema = parameter(op, name)?.schema;
      if (name === 'offeringId') values[name] = ids.offering;
      else if (schema?.enum?.length) values[name] = String(schema.enum[0]);
      else if (schema?.type === 'number' || schema?.type === 'integer') values[name] = '1';
      else if (p.startsWith('/api/me/notifications') || p.startsWith('/api/notifications/'))
        values[name] = '1';
      else if (p === '/api/programs/{id}' || p === '/api/programs/{id}/{action}')
        values[name] = ids.draftProgram;
      else if (/^\/api\/programs\/\{id\}\/(evaluators|assignments|ranking)/.test(p))
        values[name] = ids.evaluatingProgram;
      else if (p.startsWith('/api/programs/')) values[name] = ids.openProgram;
      else if (p.startsWith('/api/suppliers/')) values[name] = ids.supplier;
      else if (p.startsWith('/api/companies/')) values[name] = ids.company;
      else if (p === '/api/applications/{id}/assignments') values[name] = ids.reviewedApplication;
      else if (p.startsWith('/api/applications/')) values[name] = ids.draftApplication;
      else if (p.startsWith('/api/assignments/')) values[name] = ids.assignment;
      else values[name] = randomUUID();
    }
    return values;
  }

  /** Bodies that would be accepted, built from the schema's examples and real ids. */
  function baseBody(op: ApiOperation): Json {
    const name = requestBodySchemaName(op) ?? '';
    const schema = requestBodySchema(doc, op)!;
    const brn = validBrn();
    const byName: Record<string, Json> = {
      RegisterDto: {
        email: `fuzz-register-${tag}@test.voucher.kr`,
        password: 'a long passphrase',
        displayName: '김데이터',
        locale: 'ko',
        role: 'APPLICANT',
      },
      LoginDto: { email: `fuzz-nobody-${tag}@test.voucher.kr`, password: 'a long passphrase' },
      CreateUserDto: {
        email: `fuzz-user-${tag}@test.voucher.kr`,
        password: 'a long passphrase',
        displayName: '평가위원',
        locale: 'en',
        role: 'EVALUATOR',
      },
      CreateProgramDto: {
        year: 2021,
        name: `fuzz-${tag}`,
        rules: seedRules(2021) as unknown as Json,
      },
      UpdateProgramDto: { name: `fuzz-${tag}`, rules: seedRules(2021) as unknown as Json },
      CreateApplicationDto: applicationBody(ids.company, supplier) as Json,
      UpdateApplicationDto: (() => {
        const body = applicationBody(ids.company, supplier) as Record<string, Json>;
        delete body.companyId;
        return body;
      })(),
      CreateCompanyDto: {
        businessRegistrationNumber: brn,
        name: '(주)퍼즈',
        type: 'SME',
        region: 'JEONBUK',
        ceoName: '박퍼즈',
        ceoBirthDate: '1985-04-01',
        industry: '스마트팜',
        ministryField: 'AGRICULTURE',
      },
      AddEvaluatorsDto: { evaluatorIds: [users.evaluator.id] },
      ManualAssignmentDto: { evaluatorId: users.evaluator.id },
      ScoreSheetDto: {
        scores: { NECESSITY: 21, PLAN: 25.5, FEASIBILITY: 20, IMPACT: 16 },
        comment: '데이터 활용 계획이 구체적임',
      },
      CreateWebhookDto: {
        url: 'https://erp.example.kr/hooks/voucher',
        secret: 'fuzz-secret-0123456789',
      },
      DisburseDto: { amountKrw: 1_000_000, final: false },
    };
    byName.UpdateCompanyDto = byName.CreateCompanyDto;
    const base = byName[name] ?? exampleFor(doc, schema);
    // Business registration numbers in examples are fixed; use a fresh valid one.
    const fresh = (v: Json): Json => {
      if (Array.isArray(v)) return v.map(fresh);
      if (v && typeof v === 'object') {
        return Object.fromEntries(
          Object.entries(v).map(([k, x]) => [
            k,
            /businessRegistrationNumber|affiliationBrn/.test(k) ? brn : fresh(x),
          ]),
        );
      }
      return v;
    };
    return fresh(base);
  }

  /** The cases for one route: its body properties, the body as a whole, its path and headers. */
  function casesFor(op: ApiOperation, token: string | null, random: () => number): FuzzCase[] {
    const out: FuzzCase[] = [];
    const method = op.method.toUpperCase();
    const values = pathValues(op);
    const url = fillPath(op.path, values);
    const json = (what: string, body: Value, fields?: string[], at = url): FuzzCase => ({
      route: op.key,
      what,
      url: at,
      method,
      token,
      body: { text: stringify(body), contentType: 'application/json' },
      fields,
    });
    const other = (what: string, text: string | null, contentType: string, at = url): FuzzCase => ({
      route: op.key,
      what,
      url: at,
      method,
      token,
      body: text === null ? null : { text, contentType },
    });
    const schema = requestBodySchema(doc, op);

    // Refused before any handler runs: malformed JSON, wrong content types, too large.
    out.push(other('malformed JSON (truncated object)', '{"a": ', 'application/json'));
    out.push(other('malformed JSON (single quotes)', "{'a': 1}", 'application/json'));
    out.push(other('malformed JSON (trailing comma)', '{"a": 1,}', 'application/json'));
    out.push(other('malformed JSON (NaN)', 'NaN', 'application/json'));
    out.push(other('malformed JSON (NUL byte)', '{"a":\u0000}', 'application/json'));
    out.push(other('malformed JSON (text after the object)', '{} {}', 'application/json'));
    out.push(other('XML body', '<a>1</a>', 'text/xml'));
    out.push(
      other('body over 1 MiB', JSON.stringify({ x: 'x'.repeat(1_100_000) }), 'application/json'),
    );
    out.push(other('__proto__ key', '{"__proto__":{"polluted":true}}', 'application/json'));
    out.push(
      other(
        'constructor.prototype key',
        '{"constructor":{"prototype":{"polluted":true}}}',
        'application/json',
      ),
    );

    // Hostile path parameters (with an otherwise valid body).
    const base = schema ? baseBody(op) : null;
    const withBase = (what: string, at: string) =>
      base === null ? other(what, null, 'application/json', at) : json(what, base, undefined, at);
    for (const name of pathParameterNames(op.path)) {
      const p = parameter(op, name)?.schema;
      const numeric =
        p?.type === 'number' ||
        p?.type === 'integer' ||
        op.path.startsWith('/api/me/notifications') ||
        op.path.startsWith('/api/notifications/');
      const hostile = numeric
        ? ['99999999999999999999', '9223372036854775808', '-1', '1.5', '0x10', 'abc']
        : p?.enum
          ? ['DROP', "open'; --", '__proto__', 'toString']
          : ['not-a-uuid', SQLISH[0], '\u0000', '🙂', 'A'.repeat(2000), randomUUID()];
      for (const h of hostile) {
        out.push(
          withBase(
            `path ${name} = ${JSON.stringify(h).slice(0, 40)}`,
            fillPath(op.path, { ...values, [name]: h }),
          ),
        );
      }
      // Percent-encoding that does not decode to UTF-8 text.
      for (const rawSegment of ['%ED%A0%80', '%00']) {
        const at = op.path.replace(/\{([^}]+)\}/g, (_, n: string) =>
          n === name ? rawSegment : encodeURIComponent(values[n]),
        );
        out.push(withBase(`path ${name} = raw ${rawSegment}`, at));
      }
    }

    // Hostile idempotency keys where the route reads one, on unknown objects so that nothing
    // can come of them.
    if (parameter(op, 'Idempotency-Key')) {
      const unknown = Object.fromEntries(Object.keys(values).map((k) => [k, randomUUID()]));
      const at = fillPath(op.path, unknown);
      for (const key of ['x'.repeat(10_000), SQLISH[0], '\u00e9\u00e9']) {
        out.push({
          ...withBase(`Idempotency-Key ${JSON.stringify(key.slice(0, 24))}`, at),
          headers: { 'idempotency-key': key },
        });
      }
    }

    if (!schema || base === null) {
      // Nothing more to break.
      return out;
    }

    // The body as a whole.
    const required = schema.required ?? [];
    if (required.length) {
      // (Without required properties these are valid: an empty object, or no body at all.)
      out.push(json('empty object body', {}));
      out.push(other('no body at all', null, 'application/json'));
    }
    // Never valid: a literal null is not an empty body (InputSafetyPipe).
    out.push(json('null body', null));
    out.push(other('form body', 'a=1&b=2', 'application/x-www-form-urlencoded'));
    out.push(json('empty array body', []));
    out.push(json('array body holding a valid body', [base]));
    out.push(json('string body', 'fuzz'));
    out.push(json('number body', 42));
    out.push(
      json('unknown top-level property', { ...(base as Record<string, Json>), __fuzz: 1 }, [
        '__fuzz',
      ]),
    );
    out.push(
      json(
        'mass assignment (id, status, ownerUserId)',
        {
          ...(base as Record<string, Json>),
          id: randomUUID(),
          status: 'APPROVED',
          ownerUserId: users.officer.id,
        },
        ['id', 'status', 'ownerUserId'],
      ),
    );
    out.push(other('body nested 200 levels', stringify(deepObject(200)), 'application/json'));
    out.push(other('body nested 10,000 levels', stringify(deepObject(10_000)), 'application/json'));
    out.push(other('arrays nested 2,000 levels', stringify(deepArray(2000)), 'application/json'));
    out.push(other('valid body as text/plain', stringify(base), 'text/plain'));
    const text = stringify(base);
    out.push(other('valid body truncated', text.slice(0, -1), 'application/json'));

    // Each property broken on its own.
    const slots = slotsOf(doc, schema, base);
    const perSlot = slots.map((slot) => ({
      slot,
      mutations: mutationsFor(
        slot,
        String(slot.path.filter((x) => typeof x === 'string').pop()),
        valueAt(base, slot.path),
      ),
    }));
    const all = perSlot.flatMap(({ slot, mutations }) => mutations.map((m) => ({ slot, m })));
    const chosen = new Set<number>();
    const pick = (candidates: number[]) => {
      const free = candidates.filter((i) => !chosen.has(i));
      if (free.length) chosen.add(free[Math.floor(random() * free.length)]);
    };
    // Money, broken Unicode and nested arrays on every property they apply to; every property
    // once more and every kind of mutation once; then at random up to the budget.
    all.forEach((x, i) => x.m.always && chosen.add(i));
    let offset = 0;
    for (const { mutations } of perSlot) {
      const indexes = mutations.map((_, i) => offset + i);
      pick(indexes);
      offset += mutations.length;
    }
    for (const kind of new Set(all.map((x) => x.m.kind))) {
      if (![...chosen].some((i) => all[i].m.kind === kind)) {
        pick(all.flatMap((x, i) => (x.m.kind === kind ? [i] : [])));
      }
    }
    const budget = Math.min(FIELD_BUDGET_MAX, Math.max(FIELD_BUDGET_MIN, chosen.size + 10));
    while (chosen.size < Math.min(budget, all.length)) pick(all.map((_, i) => i));
    for (const i of [...chosen].sort((a, b) => a - b)) {
      const { slot, m } = all[i];
      const field = pathName(slot.path);
      const body = withValue(base, slot.path, m.value);
      out.push(json(`${field} = ${m.label} [${m.kind}]`, body, [field]));
    }
    return out;
  }

  async function send(c: FuzzCase): Promise<Outcome> {
    let req = t.http[c.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](c.url);
    if (c.token) req = req.set('authorization', `Bearer ${c.token}`);
    for (const [name, value] of Object.entries(c.headers ?? {})) req = req.set(name, value);
    if (c.body) req = req.set('content-type', c.body.contentType).send(c.body.text);
    const res = await req;
    const parsed = (() => {
      try {
        return JSON.parse(res.text) as unknown;
      } catch {
        return undefined;
      }
    })();
    return {
      c,
      status: res.status,
      body: parsed,
      text: res.text ?? '',
      requestId: res.headers['x-request-id'] as string | undefined,
    };
  }

  it('reads every write route from /docs-json and finds a role allowed to call each', async () => {
    writeRoutes = listOperations(doc).filter((op) => WRITE_METHODS.includes(op.method));
    expect(writeRoutes.length).toBeGreaterThan(40);
    const order: User[] = [
      users.officer,
      users.admin,
      users.applicant,
      users.supplier,
      users.evaluator,
    ];
    const refusedByAll: string[] = [];
    for (const op of writeRoutes) {
      if (!op.operation.security?.length) {
        actors.set(op.key, null); // public
        continue;
      }
      const params = pathParameterNames(op.path);
      const hasBody = Boolean(requestBodySchema(doc, op));
      if (!params.length && !hasBody) {
        actors.set(op.key, users.officer.token);
        continue;
      }
      // Invalid on purpose (a path parameter that is no id, an unknown property): a role
      // the guard lets through gets 400, never a change.
      const url = fillPath(op.path, Object.fromEntries(params.map((n) => [n, 'probe-not-an-id'])));
      let found: string | null | undefined;
      for (const u of order) {
        const res = await t.http[op.method as 'post' | 'put' | 'patch' | 'delete'](url)
          .set(bearer(u))
          .send({ __probe: true });
        expect(res.status).not.toBe(401);
        if (res.status !== 403) {
          expect(res.status).toBe(400);
          found = u.token;
          break;
        }
      }
      if (found === undefined) refusedByAll.push(op.key);
      else actors.set(op.key, found);
    }
    expect(refusedByAll).toEqual([]);
    rowsBefore = await snapshot();
  });

  it('sends ~2,000 generated bad requests, reaching every write route', async () => {
    expect(actors.size).toBe(writeRoutes.length);
    const random = mulberry32(SEED);
    const cases = writeRoutes.flatMap((op) => casesFor(op, actors.get(op.key) ?? null, random));
    expect(cases.length).toBeGreaterThan(1500);
    expect(cases.length).toBeLessThan(3000);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++];
          outcomes.push(await send(c));
        }
      }),
    );
    expect(outcomes).toHaveLength(cases.length);
    const covered = new Set(outcomes.map((o) => o.c.route));
    expect(writeRoutes.filter((op) => !covered.has(op.key)).map((op) => op.key)).toEqual([]);
    // Most requests must get past the guard and the router to validation and the services.
    const validated = outcomes.filter((o) => o.status === 400).length;
    expect(validated / outcomes.length).toBeGreaterThan(0.75);

    const statuses = outcomes.reduce<Record<number, number>>((acc, o) => {
      acc[o.status] = (acc[o.status] ?? 0) + 1;
      return acc;
    }, {});
    console.log(
      `fuzz seed ${SEED}: ${outcomes.length} requests to ${covered.size} write routes; ` +
        `statuses ${JSON.stringify(statuses)}`,
    );
  }, 240_000); // ~15 s alone; minutes when the 2 cores are shared with other suites

  it('answers none of them with a 5xx', () => {
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status >= 500).map(describeCase)).toEqual([]);
  });

  it('accepts none of them', () => {
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status < 400).map(describeCase)).toEqual([]);
  });

  it('answers every refusal in the one error shape, without internals', () => {
    expect(outcomes.length).toBeGreaterThan(0);
    const badShape = outcomes
      .filter((o) => o.status >= 400)
      .flatMap((o) => {
        const problem = shapeProblem(o);
        return problem ? [`${o.c.route} ${o.c.what} → ${o.status}: ${problem}`] : [];
      });
    expect(badShape).toEqual([]);
  });

  it('names the broken property, and only it, in each validation error', () => {
    // Else the body the mutation started from was not valid, and the case tested less.
    const checked = outcomes.filter(
      (o) =>
        o.c.fields &&
        o.status === 400 &&
        (o.body as { code?: string } | undefined)?.code === 'VALIDATION_FAILED',
    );
    expect(checked.length).toBeGreaterThan(600);
    const misattributed = checked.flatMap((o) => {
      const reported = (
        (o.body as { details: { fields: Array<{ field: string }> } }).details.fields ?? []
      ).map((f) => f.field);
      const unrelated = reported.filter((f) => !o.c.fields!.some((m) => related(f, m)));
      return unrelated.length ? [`${o.c.route} ${o.c.what}: also ${unrelated.join(', ')}`] : [];
    });
    expect(misattributed).toEqual([]);
  });

  it('writes nothing: every table holds the same rows after the fuzz run as before', async () => {
    expect(outcomes.length).toBeGreaterThan(0);
    expect(Object.keys(rowsBefore).length).toBeGreaterThan(10);
    const after = await snapshot();
    const changed = Object.keys({ ...rowsBefore, ...after }).filter(
      (table) => rowsBefore[table] !== after[table],
    );
    expect(changed.map((table) => `${table}: ${rowsBefore[table]} → ${after[table]}`)).toEqual([]);
  });
});
