import { Injectable } from '@nestjs/common';

/** The time, injectable so tests can move it (token expiry) without sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
