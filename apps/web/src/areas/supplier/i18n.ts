/** Text of the supplier pages; the English object must have the same keys. */
export const supplierKo = {
  nav: { home: '홈' },
};

export const supplierEn: typeof supplierKo = {
  nav: { home: 'Home' },
};
