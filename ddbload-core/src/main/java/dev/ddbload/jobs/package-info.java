/**
 * Load jobs shared by many runs: the job ledger in DynamoDB, claims and leases, checkpoints and
 * rejects kept in DynamoDB and S3, and moving inputs when a job ends. Public API for the CLI and
 * the serverless handlers.
 */
package dev.ddbload.jobs;
