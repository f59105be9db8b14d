const KEY = 'voucher.token';

/** The access token lives in sessionStorage: closing the tab signs the user out. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (token: string) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};
