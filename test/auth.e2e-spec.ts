import { Role } from '@app/common';
import { AuthService, hashPassword, UserService } from '@app/domain';
import { startTestApp, TEST_PASSWORD, TestApp } from '@app/testing';

describe('auth and users (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers an applicant, logs in and reads itself', async () => {
    const email = t.email('Applicant');
    const reg = await t.http
      .post('/api/auth/register')
      .send({
        email: `  ${email.toUpperCase()} `,
        password: 'a long passphrase',
        displayName: '김데이터',
        role: 'APPLICANT',
      })
      .expect(201);
    expect(reg.body).toMatchObject({ email: email.toLowerCase(), role: 'APPLICANT', locale: 'ko' });
    expect(reg.body).not.toHaveProperty('passwordHash');

    const login = await t.http
      .post('/api/auth/login')
      .send({ email, password: 'a long passphrase' })
      .expect(200);
    expect(login.body.tokenType).toBe('Bearer');
    const me = await t.http
      .get('/api/auth/me')
      .set('authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({
      id: reg.body.id,
      email: email.toLowerCase(),
      role: 'APPLICANT',
    });
  });

  it('creates accounts sharing one password hash that each log in, and issues the same tokens', async () => {
    const passwordHash = await hashPassword('a shared demo password');
    const users = await Promise.all(
      ['demo-a', 'demo-b'].map((label) =>
        t.app
          .get(UserService)
          .create(
            { email: t.email(label), passwordHash, role: Role.EVALUATOR, displayName: label },
            null,
          ),
      ),
    );
    for (const user of users) {
      const login = await t.http
        .post('/api/auth/login')
        .send({ email: user.email, password: 'a shared demo password' })
        .expect(200);
      const issued = await t.app.get(AuthService).issueToken(user);
      for (const token of [login.body.accessToken, issued.accessToken]) {
        const me = await t.http
          .get('/api/auth/me')
          .set('authorization', `Bearer ${token}`)
          .expect(200);
        expect(me.body).toMatchObject({ id: user.id, role: 'EVALUATOR' });
      }
    }
    await t.http
      .post('/api/auth/login')
      .send({ email: users[0].email, password: 'another password' })
      .expect(401);
  });

  it('refuses self-registration as OFFICER, EVALUATOR or ADMIN, naming the field', async () => {
    for (const role of ['OFFICER', 'EVALUATOR', 'ADMIN']) {
      const res = await t.http
        .post('/api/auth/register')
        .send({ email: t.email('sneaky'), password: 'a long passphrase', displayName: 'x', role })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields).toEqual([
        { field: 'role', reasons: ['role must be APPLICANT or SUPPLIER'] },
      ]);
    }
  });

  it('refuses a second account with the same e-mail in any case', async () => {
    const email = t.email('dup');
    const body = { email, password: 'a long passphrase', displayName: 'x', role: 'SUPPLIER' };
    await t.http.post('/api/auth/register').send(body).expect(201);
    const res = await t.http
      .post('/api/auth/register')
      .send({ ...body, email: email.toUpperCase() })
      .expect(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
  });

  it('lists every invalid field of a registration at once', async () => {
    const res = await t.http
      .post('/api/auth/register')
      .send({ email: 'not-an-email', password: 'short', role: 'APPLICANT', extra: 1 })
      .expect(400);
    const fields = res.body.details.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['displayName', 'email', 'extra', 'password']);
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const user = await t.userWithToken(Role.APPLICANT);
    const wrongPassword = await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'wrong-password-1' })
      .expect(401);
    const unknown = await t.http
      .post('/api/auth/login')
      .send({ email: t.email('nobody'), password: TEST_PASSWORD })
      .expect(401);
    for (const res of [wrongPassword, unknown]) {
      expect(res.body).toMatchObject({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'E-mail or password is incorrect',
      });
    }
  });

  it('locks logins after repeated failures, even with the right password, and says when to retry', async () => {
    const user = await t.userWithToken(Role.SUPPLIER);
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/api/auth/login')
        .send({ email: user.email, password: `wrong-password-${i}` })
        .expect(401);
    }
    const locked = await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(429);
    expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.body.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('lets an ADMIN create officers and evaluators, and nobody else', async () => {
    const admin = await t.userWithToken(Role.ADMIN);
    const officer = await t.userWithToken(Role.OFFICER);
    const body = {
      email: t.email('evaluator'),
      password: 'a long passphrase',
      displayName: '평가위원',
      role: 'EVALUATOR',
      locale: 'en',
    };
    const created = await t.http
      .post('/api/users')
      .set('authorization', `Bearer ${admin.token}`)
      .send(body)
      .expect(201);
    expect(created.body).toMatchObject({ role: 'EVALUATOR', locale: 'en' });
    await t.login(body.email, body.password);

    const refused = await t.http
      .post('/api/users')
      .set('authorization', `Bearer ${officer.token}`)
      .send({ ...body, email: t.email('x') })
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('refuses missing, malformed, tampered and foreign-signed tokens', async () => {
    const user = await t.userWithToken(Role.APPLICANT);
    const [h, p, s] = user.token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'ADMIN' })).toString('base64url')}.${s}`;
    for (const header of [
      undefined,
      'Bearer',
      'Bearer not.a.jwt',
      `Bearer ${forged}`,
      `Basic ${user.token}`,
    ]) {
      const req = t.http.get('/api/auth/me');
      if (header) req.set('authorization', header);
      const res = await req.expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });
});
