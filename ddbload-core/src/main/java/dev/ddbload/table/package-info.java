/**
 * The table before a load: described, checked against the expected key, created when asked.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.table;
