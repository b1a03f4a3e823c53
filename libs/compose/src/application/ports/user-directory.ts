export const USER_DIRECTORY = Symbol('USER_DIRECTORY');

/** Table `users` of upstream ODCS: every user who has written through the API (CONTRACT §7.1). */
export interface UserDirectory {
  /** Records the user on first sight; idempotent. */
  remember(username: string): Promise<void>;
}
