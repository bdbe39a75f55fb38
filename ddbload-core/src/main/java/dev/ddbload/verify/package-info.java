/**
 * Checking a table against its inputs: {@link dev.ddbload.verify.VerifyOptions} (how to check)
 * and {@link dev.ddbload.verify.VerifyReport} with {@link dev.ddbload.verify.VerifyStats} (what
 * was found) are public API, used with {@code dev.ddbload.Verifier}; the rest (spill, last
 * record per key, paced reads, comparison, differences file) is internal, no compatibility promise.
 */
package dev.ddbload.verify;
