/**
 * How fast to send: the write pacer and its rate controller (experiments, probes), the WCU rate
 * limiter, the consumption meter, and the full-jitter retry backoff.
 *
 * <p>Internal: for ddbload's own modules; no compatibility promise from one release to the next.
 */
package dev.ddbload.throttle;
