/**
 * The rejects file: one JSON line per record that cannot be written, with its source, position,
 * reason and text; cut back and cleaned when a job resumes.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.reject;
