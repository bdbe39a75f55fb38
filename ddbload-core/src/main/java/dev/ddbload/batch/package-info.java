/**
 * Records into BatchWriteItem calls: one write per key in flight (KeyOrdering), the shuffle window
 * that spreads sorted keys, and batches of at most 25 requests and 16 MB.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.batch;
