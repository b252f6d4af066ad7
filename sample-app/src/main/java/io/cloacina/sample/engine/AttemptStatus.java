package io.cloacina.sample.engine;

/**
 * The state of one attempt of a task.
 */
public enum AttemptStatus {

	/** A worker runs it. */
	RUNNING,

	/** It succeeded. */
	COMPLETED,

	/** It threw; its error is recorded. */
	FAILED,

	/** Its worker stopped sending heartbeats; the sweeper gave the task back or failed it. */
	LOST

}
