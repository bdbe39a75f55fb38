/**
 * Table formats (Delta Lake, Iceberg) resolved to their live data files.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.source.table;
