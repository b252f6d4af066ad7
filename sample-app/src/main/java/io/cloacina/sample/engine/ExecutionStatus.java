package io.cloacina.sample.engine;

/**
 * The status of a workflow execution.
 */
public enum ExecutionStatus {

	/** Created, no task started yet. */
	PENDING,

	/** At least one task started. */
	RUNNING,

	/** Every task completed. */
	COMPLETED,

	/** A task used up its attempts. */
	FAILED

}
