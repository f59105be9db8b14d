import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row of a hand-written query that selected all its columns under their
 * database names (`SELECT a.*, …`), converted and transformed as TypeORM would: for the hot
 * paths where one statement reads more than a query builder can express.
 */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
