import { Role } from '@app/common';
import { startTestApp, TestApp } from '@app/testing';

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
