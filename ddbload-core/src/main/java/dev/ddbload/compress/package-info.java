/**
 * Decompression: detection by magic bytes, streams that tell a truncated input from a corrupt one,
 * the integrity check of compressed files before a load, and byte counting for progress.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.compress;
