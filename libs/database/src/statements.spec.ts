import type { EntityManager } from 'typeorm';
import { preparedName, runGuarded, runTogether, SqlStatement } from './statements';

/** An EntityManager whose connection records what it was asked to run. */
function recorder() {
  const sent: Array<{ name?: string; text: string; values: unknown[] }> = [];
  const client = {
    query: async (q: { name?: string; text: string; values: unknown[] }) => {
      sent.push(q);
      return { rows: [{ ok: true }] };
    },
  };
  const runner = {
    connect: async () => client,
    query: async (text: string, values: unknown[]) => {
      sent.push({ text, values });
      return { records: [{ ok: true }] };
    },
  };
  const logger = { logQuery: () => undefined, logQueryError: () => undefined };
  const manager = { queryRunner: runner, connection: { logger } } as unknown as EntityManager;
  return { manager, sent };
}

const update: SqlStatement = {
  name: 'thing.update',
  sql: 'UPDATE things SET v = $2 WHERE id = $1 AND xmin = $3::xid RETURNING v',
  params: ['id-1', 7, '42'],
};
const outbox: SqlStatement = {
  name: 'outbox.emit:1',
  sql: 'INSERT INTO outbox (event_type, payload) VALUES ($1, $2::jsonb)',
  params: ['thing.updated', '{}'],
};
const audit: SqlStatement = {
  name: 'audit.record:1',
  sql: 'INSERT INTO audit_log (entity, entity_id) VALUES ($1, $2)',
  params: ['thing', 'id-1'],
};

describe('runGuarded', () => {
  it('puts the change first, numbers every parameter in turn and ends with assert_changed', async () => {
    const { manager, sent } = recorder();
    await runGuarded(manager, update, outbox, audit);
    expect(sent).toHaveLength(1);
    const [{ name, text, values }] = sent;
    expect(values).toEqual(['id-1', 7, '42', 'thing.updated', '{}', 'thing', 'id-1']);
    expect(text).toContain(
      'WITH changed AS (UPDATE things SET v = $2 WHERE id = $1 AND xmin = $3::xid RETURNING v)',
    );
    expect(text).toContain(
      'w0 AS (INSERT INTO outbox (event_type, payload) VALUES ($4, $5::jsonb))',
    );
    expect(text).toContain('w1 AS (INSERT INTO audit_log (entity, entity_id) VALUES ($6, $7))');
    // The guard is on the preserved side of an outer join: evaluated even when nothing changed.
    expect(text).toMatch(
      /FROM \(SELECT assert_changed\(\(SELECT count\(\*\) FROM changed\)\)\) AS held\s+LEFT JOIN changed ON TRUE/,
    );
    // Prepared under a name of its own: the same statements run together are other SQL.
    expect(name).toBe('guarded:thing.update+outbox.emit:1+audit.record:1');
  });

  it('runs a change alone, and unprepared when a statement has no name', async () => {
    const { manager, sent } = recorder();
    await runGuarded(manager, { ...update, name: undefined });
    expect(sent[0].name).toBeUndefined();
    expect(sent[0].text).not.toContain('w0 AS');
    expect(sent[0].text).toContain('assert_changed');
  });
});

describe('runTogether', () => {
  it('puts the others first as CTEs and the main statement last, under the combined name', async () => {
    const { manager, sent } = recorder();
    await runTogether(manager, update, outbox);
    const [{ name, text, values }] = sent;
    expect(values).toEqual(['id-1', 7, '42', 'thing.updated', '{}']);
    expect(text).toBe(
      'WITH w0 AS (INSERT INTO outbox (event_type, payload) VALUES ($4, $5::jsonb)) ' +
        'UPDATE things SET v = $2 WHERE id = $1 AND xmin = $3::xid RETURNING v',
    );
    expect(name).toBe('thing.update+outbox.emit:1');
  });
});

describe('preparedName', () => {
  it('keeps a name PostgreSQL keeps whole', () => {
    const name = 'guarded:application.write_decision+outbox.emit:2+audit.record:1';
    expect(Buffer.byteLength(name)).toBe(63);
    expect(preparedName(name)).toBe(name);
  });

  it('shortens a longer name to 63 bytes with a hash, so names that begin alike stay apart', () => {
    const a = `${'x'.repeat(60)}+outbox.emit:1`;
    const b = `${'x'.repeat(60)}+outbox.emit:2`;
    expect(Buffer.byteLength(preparedName(a))).toBeLessThanOrEqual(63);
    expect(preparedName(a)).not.toBe(preparedName(b));
    expect(preparedName(a)).toBe(preparedName(a));
    // Multi-byte characters count as bytes.
    expect(Buffer.byteLength(preparedName('가'.repeat(30)))).toBeLessThanOrEqual(63);
  });

  it('is what a long combined name is prepared as', async () => {
    const { manager, sent } = recorder();
    const long = { ...update, name: 'x'.repeat(70) };
    await runGuarded(manager, long, outbox, audit);
    expect(sent[0].name).toBe(
      preparedName(`guarded:${'x'.repeat(70)}+outbox.emit:1+audit.record:1`),
    );
  });
});
