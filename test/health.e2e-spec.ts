import { startTestApp, TestApp } from '@app/testing';

describe('operations (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports database and Redis up at /health', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/me',
        '/api/users',
        '/api/programs',
        '/api/programs/{id}',
        '/api/programs/{id}/{action}',
        '/api/programs/{id}/budget',
        '/api/programs/{id}/budget/reconciliation',
        '/api/audit',
        '/health',
      ]),
    );
    const html = await t.http.get('/docs').redirects(1);
    expect(html.status).toBe(200);
    expect(html.text).toContain('swagger');
  });
});
