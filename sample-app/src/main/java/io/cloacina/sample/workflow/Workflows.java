package io.cloacina.sample.workflow;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.stereotype.Component;

/**
 * The workflows this application knows.
 * <ul>
 * <li>{@code etl}: {@code extract} → {@code transform_sum} and {@code transform_squares} in parallel →
 * {@code load}; data flows through the execution context. Context: {@code size} (rows to extract,
 * default 10), {@code delayMillis} (how long each task works, default 0).</li>
 * <li>{@code flaky}: one task, {@code unstable}, that fails its first {@code failures} attempts
 * (default 1) and has 3 attempts.</li>
 * </ul>
 */
@Component
public class Workflows {

	private final Map<String, Workflow> workflows;

	public Workflows() {
		this.workflows = List.of(etl(), flaky())
			.stream()
			.collect(Collectors.toMap(Workflow::name, Function.identity(), (a, b) -> a, java.util.TreeMap::new));
	}

	/**
	 * All workflows, by name.
	 * @return the workflows
	 */
	public Collection<Workflow> all() {
		return this.workflows.values();
	}

	/**
	 * A workflow by name.
	 * @param name the name
	 * @return the workflow, if known
	 */
	public Optional<Workflow> find(String name) {
		return Optional.ofNullable(this.workflows.get(name));
	}

	private static Workflow etl() {
		return new Workflow("etl", List.of(new TaskDefinition("extract", List.of(), 3, (context, attempt, output) -> {
			work(context);
			ArrayNode rows = output.putArray("rows");
			for (int i = 1; i <= context.path("size").asInt(10); i++) {
				rows.add(i);
			}
		}), new TaskDefinition("transform_sum", List.of("extract"), 3, (context, attempt, output) -> {
			work(context);
			long sum = 0;
			for (JsonNode row : context.path("rows")) {
				sum += row.asLong();
			}
			output.put("sum", sum);
		}), new TaskDefinition("transform_squares", List.of("extract"), 3, (context, attempt, output) -> {
			work(context);
			ArrayNode squares = output.putArray("squares");
			for (JsonNode row : context.path("rows")) {
				squares.add(row.asLong() * row.asLong());
			}
		}), new TaskDefinition("load", List.of("transform_sum", "transform_squares"), 3, (context, attempt, output) -> {
			work(context);
			if (!context.has("sum") || !context.has("squares")) {
				throw new IllegalStateException("load needs the outputs of both transforms");
			}
			output.put("loaded", context.path("squares").size());
			output.put("total", context.path("sum").asLong());
		})));
	}

	private static Workflow flaky() {
		return new Workflow("flaky", List.of(new TaskDefinition("unstable", List.of(), 3, (context, attempt, output) -> {
			work(context);
			if (attempt <= context.path("failures").asInt(1)) {
				throw new IllegalStateException("unstable failed on attempt " + attempt);
			}
			output.put("succeededOnAttempt", attempt);
		})));
	}

	private static void work(JsonNode context) throws InterruptedException {
		long delay = context.path("delayMillis").asLong(0);
		if (delay > 0) {
			Thread.sleep(delay);
		}
	}

}
