package io.cloacina.sample.web;

import java.util.List;

import io.cloacina.sample.workflow.Parameter;
import io.cloacina.sample.workflow.Workflows;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workflows}: the workflows, the context settings they accept and their tasks.
 */
@RestController
class WorkflowController {

	private final Workflows workflows;

	WorkflowController(Workflows workflows) {
		this.workflows = workflows;
	}

	@GetMapping("/api/workflows")
	List<WorkflowResponse> workflows() {
		return this.workflows.all()
			.stream()
			.map((workflow) -> new WorkflowResponse(workflow.name(), workflow.parameters(), workflow.tasks()
				.stream()
				.map((task) -> new TaskResponse(task.name(), task.dependsOn(), task.maxAttempts()))
				.toList()))
			.toList();
	}

	record WorkflowResponse(String name, List<Parameter> parameters, List<TaskResponse> tasks) {

	}

	record TaskResponse(String name, List<String> dependsOn, int maxAttempts) {

	}

}
