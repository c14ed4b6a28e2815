/** GET /api/ready (app/api/ready/route.ts): what it checks is a read of the database, in server/queries. */
export { readiness } from "../queries/readiness";
