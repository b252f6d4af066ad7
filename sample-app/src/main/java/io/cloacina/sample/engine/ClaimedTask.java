package io.cloacina.sample.engine;

import java.util.UUID;

/**
 * A task a worker has claimed.
 *
 * @param id the task execution's id
 * @param executionId its workflow execution
 * @param workflow the workflow's name
 * @param taskName the task's name
 * @param attempt which attempt this is, from 1
 * @param maxAttempts how many it gets
 * @param context the execution's context (JSON) when the task was claimed: what the tasks it depends on
 * left
 */
record ClaimedTask(long id, UUID executionId, String workflow, String taskName, int attempt, int maxAttempts,
		String context) {

}
