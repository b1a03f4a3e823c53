/** A fetch that failed for good; its message names the RPM, where it came from and why. */
export class RpmFetchError extends Error {}
