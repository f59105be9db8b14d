/** class-transformer steps shared by the DTOs: `@Transform(trim)`, `@Transform(trimLower)`. */
export const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

export const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
