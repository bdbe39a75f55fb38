/**
 * Records out of decompressed bytes: one decoder per text format (CSV/TSV, JSON lines, JSON
 * array, DynamoDB JSON, Ion, text), each yielding items with their origin or bad records with a
 * reason. {@link dev.ddbload.decode.Format} and {@link dev.ddbload.decode.CsvDialect} are option
 * values of the public API; the decoders are internal, with no compatibility promise.
 */
package dev.ddbload.decode;
