/**
 * Files that hold records (rejects, checkpoints, the restore ledger): created readable by their
 * owner only, and replaced whole so a reader never sees half a file.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.files;
