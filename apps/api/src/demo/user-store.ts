import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';

/** A registered user of the demo (in memory; the password is kept only as a salted scrypt hash). */
export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly createdAt: string;
}

interface Stored extends DemoUser {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

// Demo cost parameters: cheap enough for a benchmark; a real service would use the defaults or more.
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;

/** DEMO ONLY: an in-memory user store. Everything is lost when the process ends. */
export class InMemoryUserStore {
  readonly #byId = new Map<string, Stored>();
  readonly #byEmail = new Map<string, Stored>();

  has(email: string): boolean {
    return this.#byEmail.has(email.toLowerCase());
  }

  create(email: string, password: string): DemoUser {
    const salt = randomBytes(16);
    const user: Stored = {
      id: randomUUID(),
      email: email.toLowerCase(),
      createdAt: new Date().toISOString(),
      salt,
      hash: scryptSync(password, salt, 32, SCRYPT),
    };
    this.#byId.set(user.id, user);
    this.#byEmail.set(user.email, user);
    return publicView(user);
  }

  get(id: string): DemoUser | undefined {
    const user = this.#byId.get(id);
    return user === undefined ? undefined : publicView(user);
  }

  /** The user when the password matches, else undefined. */
  verify(email: string, password: string): DemoUser | undefined {
    const user = this.#byEmail.get(email.toLowerCase());
    if (user === undefined) return undefined;
    const hash = scryptSync(password, user.salt, 32, SCRYPT);
    return timingSafeEqual(hash, user.hash) ? publicView(user) : undefined;
  }
}

function publicView(user: Stored): DemoUser {
  return { id: user.id, email: user.email, createdAt: user.createdAt };
}
