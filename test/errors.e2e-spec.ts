import { Role } from '@app/common';
import { createCompany, startTestApp, TestApp } from '@app/testing';

describe('error shape (e2e)', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = (await t.userWithToken(Role.OFFICER)).token;
  });
  afterAll(() => t.close());

  const expectShape = (body: Record<string, unknown>, statusCode: number, code: string) => {
    expect(Object.keys(body).sort()).toEqual([
      'code',
      'details',
      'message',
      'requestId',
      'statusCode',
    ]);
    expect(body).toMatchObject({ statusCode, code });
    expect(typeof body.message).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  };

  it('answers unknown routes with 404 ROUTE-style error shape', async () => {
    const res = await t.http.get('/api/nothing-here').expect(404);
    expectShape(res.body, 404, 'NOT_FOUND');
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": "a@b.kr", "password": ')
      .expect(400);
    expectShape(res.body, 400, 'MALFORMED_REQUEST');
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('answers a body of the wrong content type with 415', async () => {
    const res = await t.http.post('/api/auth/login').set('content-type', 'text/xml').send('<a/>');
    expect(res.status).toBe(415);
    expectShape(res.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await t.http
      .post('/api/programs')
      .set('authorization', `Bearer ${officer}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expectShape(res.body, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers wrong JSON types with the field named', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .send({ email: 42, password: ['x'] })
      .expect(400);
    expectShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'email',
      'password',
    ]);
  });

  it('answers a JSON array or null body with 400', async () => {
    for (const body of ['[]', 'null', '"text"']) {
      const res = await t.http
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expectShape(res.body, 400, res.body.code);
    }
  });

  it('refuses a literal null (or any JSON that is not an object) where a body object is expected', async () => {
    // A PATCH whose fields are all optional: null used to be read as {} and succeed.
    const applicant = await t.userWithToken(Role.APPLICANT);
    const company = await createCompany(t, applicant.token);
    const state = () =>
      t.http.get(`/api/companies/${company.id}`).set('authorization', `Bearer ${applicant.token}`);
    const before = (await state()).body;
    const kinds: Array<[string, string]> = [
      ['null', 'null'],
      ['[]', 'an array'],
      ['[{"name":"배열 속 회사"}]', 'an array'],
      ['"text"', 'a string'],
      ['42', 'a number'],
      ['true', 'a boolean'],
    ];
    for (const [body, kind] of kinds) {
      const res = await t.http
        .patch(`/api/companies/${company.id}`)
        .set('authorization', `Bearer ${applicant.token}`)
        .set('content-type', 'application/json')
        .send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expectShape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual({
        fields: [{ field: 'body', reasons: [`body must be a JSON object, not ${kind}`] }],
      });
    }
    expect((await state()).body).toEqual(before);
    // Before any lookup: an unknown id gets the same 400, not a 404.
    const unknown = await t.http
      .patch('/api/programs/00000000-0000-4000-8000-000000000000')
      .set('authorization', `Bearer ${officer}`)
      .set('content-type', 'application/json')
      .send('null');
    expectShape(unknown.body, 400, 'VALIDATION_FAILED');
    // An empty object is still a valid (empty) PATCH, and routes without a body need none.
    const empty = await t.http
      .patch(`/api/companies/${company.id}`)
      .set('authorization', `Bearer ${applicant.token}`)
      .send({});
    expect(empty.status).toBe(200);
  });

  it('keeps a well-formed x-request-id from the caller and replaces a hostile one', async () => {
    const kept = await t.http.get('/api/nothing').set('x-request-id', 'trace-abc_123').expect(404);
    expect(kept.headers['x-request-id']).toBe('trace-abc_123');
    expect(kept.body.requestId).toBe('trace-abc_123');
    const replaced = await t.http
      .get('/api/nothing')
      .set('x-request-id', 'bad id <script>')
      .expect(404);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts a request id on successful responses too', async () => {
    const res = await t.http.get('/api/programs').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a query with a wrong type with 400 naming the parameter', async () => {
    const res = await t.http.get('/api/programs?limit=abc&status=NOPE').expect(400);
    expectShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'limit',
      'status',
    ]);
  });
});
