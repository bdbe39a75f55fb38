/**
 * Resuming: the checkpoint of a job (how far each source is finished), its store (an extension
 * point: {@link dev.ddbload.checkpoint.CheckpointStore}) and the checkpointer that saves it as
 * records finish. Public API.
 */
package dev.ddbload.checkpoint;
