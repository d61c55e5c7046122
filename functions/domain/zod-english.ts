/**
 * zod/mini carries no wording of its own (every issue reads "Invalid input"), which keeps it out of
 * the Lambda bundles. The importers (CLI only: `desk import-article`, `import-feed`) quote zod's
 * English messages in their reasons, so they import this module, which loads them. People on the
 * HTTP side never see a zod message: field-messages.ts words every issue from its code and path.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
