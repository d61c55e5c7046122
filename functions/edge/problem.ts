/**
 * RFC 9457 problem details. Every error the API answers is one of these; nothing else maps errors
 * to HTTP, so the shape is the same on every route.
 */
import type { $ZodError as ZodError } from 'zod/v4/core';
import { describeIssues, describeProblem, type FieldError } from '../domain/field-messages.js';

export type { FieldError };

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; [k: string]: unknown } = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toDocument(instance?: string): ProblemDocument {
    const slug = this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { type: `https://reprintdesk.dev/problems/${slug}`, title: this.title, status: this.status, detail: this.detail, ...(instance ? { instance } : {}), ...this.extensions };
  }
}

export const notFound = (what: string) => new HttpProblem(404, 'Not Found', `${what} was not found.`);
export const badRequest = (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'Bad Request', detail, errors ? { errors } : {});
export const conflict = (detail: string, extensions: Record<string, unknown> = {}) => new HttpProblem(409, 'Conflict', detail, extensions);
export const gone = (detail: string, extensions: Record<string, unknown> = {}) => new HttpProblem(410, 'Gone', detail, extensions);
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);
export const unauthorized = (detail: string) => new HttpProblem(401, 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer' });

/** The failing fields in words (domain/field-messages.ts): never the schema library's own text. */
export const fieldErrors = (error: ZodError, input?: unknown, prefix: (string | number)[] = []): FieldError[] =>
  describeIssues(error, input, prefix);

/** 422: the body parsed but does not satisfy the schema; every failing field is named, in words. */
export function validationProblem(error: ZodError, input?: unknown, prefix: (string | number)[] = []): HttpProblem {
  const errors = fieldErrors(error, input, prefix);
  return new HttpProblem(422, 'Unprocessable Content', describeProblem(errors), { errors });
}
