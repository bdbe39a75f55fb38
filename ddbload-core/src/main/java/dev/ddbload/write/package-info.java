/**
 * Sending: the non-blocking BatchWriteItem writer, its in-flight limit, error classification and
 * the data-plane clients. {@link dev.ddbload.write.Concurrency} is an option value of the public
 * API and {@link dev.ddbload.write.DynamoClients} builds clients as the loader does; the rest is
 * internal, with no compatibility promise.
 */
package dev.ddbload.write;
