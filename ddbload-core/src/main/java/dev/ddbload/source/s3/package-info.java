/**
 * Amazon S3 as a storage: listing, and objects read by parallel ranged GETs with their own
 * retries. Public API: {@code S3Storage}, {@code S3Settings}, {@code S3Location}.
 */
package dev.ddbload.source.s3;
