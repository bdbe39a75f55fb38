/**
 * Where records come from: the {@link dev.ddbload.source.Source} and
 * {@link dev.ddbload.source.Storage} extension points, local files, standard input, datasets and
 * their partitions, manifests and the resolution of input names. Public API.
 */
package dev.ddbload.source;
