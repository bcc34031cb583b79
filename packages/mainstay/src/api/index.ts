// The REST API `/api/v1` (spec mainstay.md §5.2–5.3, §4.2).
export { ApiMessages } from './api-messages.js';
export { ApiError } from './api-error.js';
export { formatApiDate, submissionDay } from './api-date.js';
export type { ApiReply } from './api-reply.js';
export { ApiQueries, POSITION_PAGE_SIZE, chooseAttestation } from './api-queries.js';
export { CommitmentSubmission } from './commitment-submission.js';
export { createApiRoutes } from './api-route-table.js';
export { EXTENSION_PATHS, type Route, type RouteInput, type RouteTable } from './api-routes.js';
export { MainstayApiServer, type MainstayApiServerOptions } from './mainstay-api-server.js';
export { DEFAULT_MAX_BODY_BYTES } from './request-body.js';
