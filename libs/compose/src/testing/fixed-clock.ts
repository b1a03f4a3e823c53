import type { Clock } from '../application/ports/clock.js';

/** A clock that says what the test sets: `clock.set(at(10))`, `clock.advance(5)`. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = at;
  }

  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
