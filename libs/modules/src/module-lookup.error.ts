/** A module source that cannot be resolved: the message is the compose's failure reason as is. */
export class ModuleLookupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModuleLookupError';
  }
}
