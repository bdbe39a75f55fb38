/**
 * Parquet and Avro decoders, which read their files themselves (footers, row groups, blocks)
 * and map their types to DynamoDB attributes.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.decode.columnar;
