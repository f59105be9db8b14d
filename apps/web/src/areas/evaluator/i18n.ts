/** Text of the evaluator pages; the English object must have the same keys. */
export const evaluatorKo = {
  nav: { home: '홈' },
};

export const evaluatorEn: typeof evaluatorKo = {
  nav: { home: 'Home' },
};
