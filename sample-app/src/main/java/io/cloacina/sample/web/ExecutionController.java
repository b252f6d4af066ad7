package io.cloacina.sample.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.cloacina.sample.engine.ExecutionStatus;
import io.cloacina.sample.engine.ExecutionStore;
import io.cloacina.sample.engine.ExecutionView;
import io.cloacina.sample.workflow.Parameter;
import io.cloacina.sample.workflow.Workflow;
import io.cloacina.sample.workflow.Workflows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The executions API: start an execution, look at one, list them.
 */
@RestController
class ExecutionController {

	/** The largest page: with contexts of at most {@code sample.engine.max-context-size} each, a bounded response. */
	static final int MAX_LIMIT = 100;

	private static final java.util.Set<String> FIELDS = java.util.Set.of("workflow", "context");

	private final Workflows workflows;

	private final ExecutionStore store;

	ExecutionController(Workflows workflows, ExecutionStore store) {
		this.workflows = workflows;
		this.store = store;
	}

	@PostMapping("/api/executions")
	ResponseEntity<ExecutionView> start(@RequestBody JsonNode request) {
		if (request == null || !request.isObject()) {
			throw new BadRequestException("The body must be a JSON object: {\"workflow\": \"<name>\", \"context\": {...}}");
		}
		for (String field : request.propertyNames()) {
			if (!FIELDS.contains(field)) {
				throw new BadRequestException("Unknown field " + ApiErrors.quote(field) + "; accepted fields: workflow, context");
			}
		}
		JsonNode name = request.get("workflow");
		if (name == null || !name.isString()) {
			throw new BadRequestException("\"workflow\" is required and must be a string; known workflows: " + known());
		}
		Workflow workflow = this.workflows.find(name.asString())
			.orElseThrow(() -> new BadRequestException(
					"Unknown workflow " + ApiErrors.quote(name.asString()) + "; known workflows: " + known()));
		JsonNode context = request.get("context");
		if (context != null && !context.isNull() && !context.isObject()) {
			throw new BadRequestException("\"context\" must be a JSON object");
		}
		ObjectNode initial = (context != null && context.isObject()) ? ((ObjectNode) context).deepCopy()
				: tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
		checkParameters(workflow, initial);
		UUID id = this.store.create(workflow, initial);
		ExecutionView created = this.store.find(id).orElseThrow();
		return ResponseEntity.created(URI.create("/api/executions/" + id)).body(created);
	}

	/** The settings a workflow reads must be whole numbers in range: a task never gets a value it cannot handle. */
	private static void checkParameters(Workflow workflow, ObjectNode context) {
		for (Parameter parameter : workflow.parameters()) {
			JsonNode value = context.get(parameter.name());
			if (value == null || value.isNull()) {
				continue;
			}
			boolean whole = value.isIntegralNumber() && value.canConvertToLong();
			if (!whole || value.asLong() < parameter.min() || value.asLong() > parameter.max()) {
				throw new BadRequestException("\"context." + parameter.name() + "\" (" + parameter.description()
						+ ") must be a whole number between " + parameter.min() + " and " + parameter.max() + ", not "
						+ ApiErrors.quote(value.toString()));
			}
		}
	}

	@GetMapping("/api/executions/{id}")
	ExecutionView find(@PathVariable String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(ApiErrors.quote(id) + " is not an execution id (a UUID)");
		}
		return this.store.find(uuid).orElseThrow(() -> new NotFoundException("No execution " + uuid));
	}

	@GetMapping("/api/executions")
	List<ExecutionView> page(@RequestParam(required = false) String status,
			@RequestParam(required = false) String workflow, @RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		if (offset < 0) {
			throw new BadRequestException("offset must not be negative, not " + offset);
		}
		ExecutionStatus wanted = null;
		if (status != null && !status.isBlank()) {
			try {
				wanted = ExecutionStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequestException("Unknown status " + ApiErrors.quote(status) + "; use one of "
						+ java.util.Arrays.toString(ExecutionStatus.values()));
			}
		}
		String wantedWorkflow = null;
		if (workflow != null && !workflow.isBlank()) {
			wantedWorkflow = this.workflows.find(workflow.trim())
				.map(Workflow::name)
				.orElseThrow(() -> new BadRequestException(
						"Unknown workflow " + ApiErrors.quote(workflow) + "; known workflows: " + known()));
		}
		return this.store.page(wanted, wantedWorkflow, limit, offset);
	}

	private String known() {
		return String.join(", ", this.workflows.all().stream().map(Workflow::name).toList());
	}

	static class BadRequestException extends RuntimeException {

		BadRequestException(String message) {
			super(message);
		}

	}

	static class NotFoundException extends RuntimeException {

		NotFoundException(String message) {
			super(message);
		}

	}

}
