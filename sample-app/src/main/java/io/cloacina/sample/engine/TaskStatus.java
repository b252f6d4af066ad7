package io.cloacina.sample.engine;

/**
 * The status of a task execution.
 */
public enum TaskStatus {

	/** Waits for the tasks it depends on. */
	WAITING,

	/** May be claimed by a worker. */
	READY,

	/** A worker claimed it and runs it. */
	CLAIMED,

	/** Done. */
	COMPLETED,

	/** Used up its attempts. */
	FAILED,

	/** Never ran: the execution failed first. */
	SKIPPED

}
