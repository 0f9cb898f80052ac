/** The base of links in e-mails: `HUB_PUBLIC_URL`, else this hub on localhost. */
export const publicUrlOf = (config: { HUB_PUBLIC_URL?: string; PORT: number }): string =>
  config.HUB_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
