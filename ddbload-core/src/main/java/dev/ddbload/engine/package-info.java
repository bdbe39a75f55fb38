/**
 * The load's moving parts between the stages: reader lanes (open, decode, validate, order by key,
 * batch), the reader pool, what becomes of each record once written or rejected, the checks made
 * of the inputs before a load, and the push-style item loader behind {@code ItemWriter}.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.engine;
