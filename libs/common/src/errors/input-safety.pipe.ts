import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';

/** Deeper than any real request; the limit keeps class-transformer's recursion bounded. */
export const MAX_INPUT_DEPTH = 32;

// A NUL can't be stored by PostgreSQL; a lone surrogate is not text at all (it would be stored
// changed, or break the JSON of the audit trail).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Parameter types that are not a DTO class: no object shape is expected of their value. */
const NOT_A_DTO: ReadonlySet<unknown> = new Set([Object, Array, String, Number, Boolean]);

/** What a JSON body that is not an object is, for the reason given to the client. */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Runs before validation on every body, query and path parameter: refuses a body that is not
 * a JSON object where a DTO (an object) is expected, text that is not valid Unicode or holds
 * NUL, and nesting deeper than MAX_INPUT_DEPTH, with the field named. Walks iteratively, so a
 * hostile depth can't overflow the stack here either.
 */
@Injectable()
export class InputSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // ValidationPipe reads a null body as {} (toEmptyIfNil), so `null` would pass as an empty
    // PATCH; arrays and scalars would fail with a confusing message. No body at all
    // (undefined) stays allowed: action routes with only optional fields may be sent without one.
    if (
      metadata.type === 'body' &&
      typeof metadata.metatype === 'function' &&
      !NOT_A_DTO.has(metadata.metatype) &&
      value !== undefined &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      this.refuse('', `must be a JSON object, not ${jsonKind(value)}`);
    }
    const root = metadata.type === 'body' ? '' : (metadata.data ?? '');
    const stack: Array<{ v: unknown; path: string; depth: number }> = [
      { v: value, path: root, depth: 0 },
    ];
    while (stack.length) {
      const { v, path, depth } = stack.pop()!;
      if (typeof v === 'string') {
        if (UNSAFE.test(v)) this.refuse(path, 'must be valid Unicode text without NUL characters');
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      if (depth >= MAX_INPUT_DEPTH)
        this.refuse(path, `nests deeper than ${MAX_INPUT_DEPTH} levels`);
      for (const [k, child] of Object.entries(v)) {
        if (UNSAFE.test(k)) this.refuse(path, 'has a key that is not valid Unicode text');
        const childPath = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        stack.push({ v: child, path: childPath, depth: depth + 1 });
      }
    }
    return value;
  }

  private refuse(field: string, reason: string): never {
    const name = field || 'body';
    throw new DomainError('VALIDATION_FAILED', `Invalid input: ${name}`, {
      fields: [{ field: name, reasons: [`${name} ${reason}`] }],
    });
  }
}
