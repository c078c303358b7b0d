// The process environment as the container reads it (`process.env` or a test's object): one type
// for every settings loader.

/** Environment variables by name; any of them may be unset. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;
