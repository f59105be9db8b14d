/** Text of the officer pages; the English object must have the same keys. */
export const officerKo = {
  nav: { home: '홈' },
};

export const officerEn: typeof officerKo = {
  nav: { home: 'Home' },
};
