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
	 * @param startedAt when its first attempt started, or {@code null}
	 * @param finishedAt when it completed or finally failed, or {@code null}
	 * @param history its attempts in the order they started (on {@code GET /api/executions/{id}} only,
	 * {@code null} in lists)
	 */
	public record TaskView(String name, TaskStatus status, int attempts, String claimedBy, String lastError,
			Instant startedAt, Instant finishedAt, List<AttemptView> history) {

	}

	/**
	 * One attempt of a task.
	 *
	 * @param attempt its number, from 1
	 * @param instance the instance that ran it
	 * @param status its state
	 * @param startedAt when it was claimed
	 * @param finishedAt when it ended, or {@code null} while it runs
	 * @param error its error, when it failed or was lost
	 */
	public record AttemptView(int attempt, String instance, AttemptStatus status, Instant startedAt,
			Instant finishedAt, String error) {

	}

}
