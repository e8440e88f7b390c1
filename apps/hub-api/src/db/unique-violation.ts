import { Prisma } from '@flotilla/prisma/client';

/** A write refused by a unique index (two creates of one name: the index decides who wins). */
export const isUniqueViolation = (err: unknown): boolean => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
