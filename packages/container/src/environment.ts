/** The accepted values of `ENVIRONMENT`. */
export const Environment = {
  Development: 'development',
  Testing: 'testing',
  Ci: 'ci',
  Staging: 'staging',
  Production: 'production',
} as const;
export type Environment = (typeof Environment)[keyof typeof Environment];

/** The common short names of each environment, accepted like the full names. */
const ALIASES: Readonly<Record<string, Environment>> = Object.freeze({
  dev: 'development',
  local: 'development',
  test: 'testing',
  stage: 'staging',
  stg: 'staging',
  prod: 'production',
  prd: 'production',
});

/** The accepted values and aliases, as a warning or a README lists them. */
export const ACCEPTED_ENVIRONMENTS = `${Object.values(Environment).join(', ')} (aliases: ${Object.keys(ALIASES).join(', ')}; any case)`;

/** An `ENVIRONMENT` value read: the environment used, and the value when it was not recognised. */
export interface ParsedEnvironment {
  readonly environment: Environment;
  /** The raw value when it was not recognised (development is used then); otherwise undefined. */
  readonly unknown: string | undefined;
}

/**
 * Reads `ENVIRONMENT`: a name or an alias, in any case, surrounding blanks ignored; unset or blank
 * means development. Anything else also means development (the spec's fallback) and is returned
 * as `unknown`, so the container can warn through the logger it builds instead of failing startup.
 *
 * @example
 * ```ts
 * parseEnvironment(' PROD '); // { environment: 'production', unknown: undefined }
 * parseEnvironment('qa');     // { environment: 'development', unknown: 'qa' }
 * ```
 */
export function parseEnvironment(value: string | undefined): ParsedEnvironment {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return { environment: Environment.Development, unknown: undefined };
  if (Object.hasOwn(ALIASES, v)) return { environment: ALIASES[v] as Environment, unknown: undefined };
  if ((Object.values(Environment) as readonly string[]).includes(v)) {
    return { environment: v as Environment, unknown: undefined };
  }
  return { environment: Environment.Development, unknown: value };
}
