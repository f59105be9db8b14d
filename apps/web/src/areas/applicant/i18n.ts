/** Text of the applicant pages; the English object must have the same keys. */
export const applicantKo = {
  nav: { home: '홈' },
};

export const applicantEn: typeof applicantKo = {
  nav: { home: 'Home' },
};
