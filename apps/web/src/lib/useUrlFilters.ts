import { useSearchParams } from 'react-router';

/**
 * Filters and paging kept in the address (so a filtered view can be linked): `params` to read
 * them, `offset` for the pager, and `set` to change some of them in place. An empty value removes
 * its parameter; any change other than the offset itself starts again from the first page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const set = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    if (!('offset' in next)) merged.delete('offset');
    setParams(merged, { replace: true });
  };
  return { params, offset, set };
}
