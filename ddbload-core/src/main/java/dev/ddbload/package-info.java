/**
 * The library's public API: {@link dev.ddbload.BulkLoader} loads sources into a table as
 * {@link dev.ddbload.LoadOptions} say and returns a {@link dev.ddbload.LoadReport};
 * {@link dev.ddbload.ItemWriter} writes items a program pushes one at a time. Their extension
 * points live with their stage: {@code source.Source} and {@code source.Storage} (inputs),
 * {@code checkpoint.CheckpointStore}, {@code capacity.RestoreStore}; their counters are
 * {@code report.LoadStats}. Errors a user can fix are {@code config.ConfigurationException}.
 */
package dev.ddbload;
