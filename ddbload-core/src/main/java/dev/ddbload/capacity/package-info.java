/**
 * Table capacity: raising provisioned write capacity for a load and restoring it afterwards
 * (the restore ledger, an extension point: {@link dev.ddbload.capacity.RestoreStore}), on-demand
 * maximums, and the dry run's plan. Public API.
 */
package dev.ddbload.capacity;
