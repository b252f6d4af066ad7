package io.cloacina.sample.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A workflow execution as the API shows it.
 *
 * @param id the execution's id
 * @param workflow the workflow's name
 * @param status its status
 * @param context the execution context, with every completed task's output
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param tasks its tasks
 */
public record ExecutionView(UUID id, String workflow, ExecutionStatus status, JsonNode context, Instant createdAt,
		Instant updatedAt, List<TaskView> tasks) {

	/**
	 * A task execution as the API shows it.
	 *
	 * @param name the task's name
	 * @param status its status
	 * @param attempts how often it was started
	 * @param claimedBy the worker that runs it, while it runs
	 * @param lastError the error of its last failed attempt
	 */
	public record TaskView(String name, TaskStatus status, int attempts, String claimedBy, String lastError) {

	}

}
