/**
 * GET /.well-known/tdmrep.json — W3C TDMRep's file on the origin server: text and data mining
 * rights are reserved on every path of the desk (each copy's `tdm-policy` header names its policy).
 */
import { httpHandler } from '../edge/handler.js';
import { ok } from '../edge/responses.js';
import { tdmrepFile } from '../domain/ai-terms.js';

export const handler = httpHandler(async () => ok(tdmrepFile(), { 'cache-control': 'public, max-age=3600' }));
