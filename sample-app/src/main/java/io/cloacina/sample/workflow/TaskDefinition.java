package io.cloacina.sample.workflow;

import java.util.List;

/**
 * A task of a workflow: its name, the tasks it waits for, how often it may be tried, its code.
 *
 * @param name the task's name, unique in its workflow
 * @param dependsOn the tasks that must complete first
 * @param maxAttempts how many attempts it gets before the execution fails
 * @param function its code
 */
public record TaskDefinition(String name, List<String> dependsOn, int maxAttempts, TaskFunction function) {

	public TaskDefinition {
		dependsOn = List.copyOf(dependsOn);
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
	}

}
