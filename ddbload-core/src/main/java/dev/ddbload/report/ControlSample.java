package dev.ddbload.report;

/**
 * One second of a load's control, as the JSON report's {@code series} keeps it. Immutable.
 *
 * @param second seconds since the load started (the sample is taken at its end)
 * @param written records DynamoDB acknowledged during that second
 * @param writeUnits write units DynamoDB reported consumed during that second
 * @param rateLimit the write rate allowed at the end of it, units per second ({@code Infinity}: none)
 * @param inFlightLimit the BatchWriteItem calls allowed in flight at the end of it
 * @param throttledShare the share of write units throttled over the last seconds, 0 to 1
 */
public record ControlSample(long second, long written, double writeUnits, double rateLimit, int inFlightLimit,
    double throttledShare) {}
