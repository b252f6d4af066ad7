package io.cloacina.sample.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow: tasks and their dependencies, defined in code.
 *
 * @param name the workflow's name
 * @param parameters the whole-number settings it reads from the execution context, with their ranges
 * @param tasks its tasks; a task's dependencies come before it
 */
public record Workflow(String name, List<Parameter> parameters, List<TaskDefinition> tasks) {

	public Workflow {
		parameters = List.copyOf(parameters);
		tasks = List.copyOf(tasks);
		Map<String, TaskDefinition> seen = new LinkedHashMap<>();
		for (TaskDefinition task : tasks) {
			for (String dependency : task.dependsOn()) {
				if (!seen.containsKey(dependency)) {
					throw new IllegalArgumentException(
							"Task " + task.name() + " of " + name + " depends on " + dependency + ", defined after it");
				}
			}
			if (seen.put(task.name(), task) != null) {
				throw new IllegalArgumentException("Task " + task.name() + " is defined twice in " + name);
			}
		}
	}

	/**
	 * A workflow without parameters.
	 * @param name the workflow's name
	 * @param tasks its tasks; a task's dependencies come before it
	 */
	public Workflow(String name, List<TaskDefinition> tasks) {
		this(name, List.of(), tasks);
	}

	/**
	 * A parameter by name.
	 * @param name the key in the context
	 * @return the parameter, if this workflow has it
	 */
	public Optional<Parameter> parameter(String name) {
		return this.parameters.stream().filter((parameter) -> parameter.name().equals(name)).findFirst();
	}

	/**
	 * A task by name.
	 * @param name the task's name
	 * @return the task, if this workflow has it
	 */
	public Optional<TaskDefinition> task(String name) {
		return this.tasks.stream().filter((task) -> task.name().equals(name)).findFirst();
	}

}
