package io.cloacina.sample.workflow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The code of one task: reads the execution context, returns what it adds to it.
 */
@FunctionalInterface
public interface TaskFunction {

	/**
	 * Run the task.
	 * @param context the execution context, with the outputs of the tasks this one depends on
	 * @param attempt which attempt this is, from 1
	 * @param output where to put what this task adds to the context
	 * @throws Exception to fail this attempt
	 */
	void run(JsonNode context, int attempt, ObjectNode output) throws Exception;

}
