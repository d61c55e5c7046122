/**
 * GET /publications/{publicationId}/rsl.xml — the publication's AI terms as an RSL 1.0 document
 * (`application/rsl+xml`), from its rate card (the house terms when it has none of its own). A
 * publication links it from its site's robots.txt (`License: <this URL>`); feeds and copies link it.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { rslResponse } from '../edge/rsl-response.js';

const { repo } = httpDeps();

export const handler = httpHandler(async (req) => rslResponse(repo, req.params.publicationId ?? ''));
