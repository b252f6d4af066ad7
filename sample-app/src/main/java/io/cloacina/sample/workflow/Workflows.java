package io.cloacina.sample.workflow;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.stereotype.Component;

/**
 * The workflows this application knows.
 * <ul>
 * <li>{@code etl}: {@code extract} → {@code transform_sum} and {@code transform_squares} in parallel →
 * {@code load}; data flows through the execution context. Context: {@code size} (rows to extract,
 * 0 to {@value #MAX_ROWS}, default 10), {@code delayMillis} (how long each task works, 0 to
 * {@value #MAX_DELAY_MILLIS}, default 0).</li>
 * <li>{@code flaky}: one task, {@code unstable}, that fails its first {@code failures} attempts
 * (0 to 10, default 1) and has 3 attempts.</li>
 * </ul>
 * Workflows defined as beans join them.
 */
@Component
public class Workflows {

	/** The most rows {@code etl} extracts: its context then stays near 150 KB. */
	public static final int MAX_ROWS = 10_000;

	/** The longest a task of the built-in workflows may be told to work. */
	public static final int MAX_DELAY_MILLIS = 60_000;

	private static final Parameter DELAY = new Parameter("delayMillis", 0, MAX_DELAY_MILLIS, 0,
			"how long each task works, in milliseconds");

	private final Map<String, Workflow> workflows;

	/**
	 * The built-in workflows and those defined as beans.
	 * @param defined workflows defined as beans
	 */
	public Workflows(List<Workflow> defined) {
		this.workflows = java.util.stream.Stream.concat(Stream.of(etl(), flaky()), defined.stream())
			.collect(Collectors.toMap(Workflow::name, Function.identity(), (a, b) -> {
				throw new IllegalStateException("Two workflows are named " + a.name());
			}, java.util.TreeMap::new));
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
		return new Workflow("etl", List.of(new Parameter("size", 0, MAX_ROWS, 10, "rows to extract"), DELAY),
				List.of(new TaskDefinition("extract", List.of(), 3, (context, attempt, output) -> {
			work(context);
			// Checked here too: an execution may have been stored before its request was validated.
			long size = context.path("size").asLong(10);
			if (size < 0 || size > MAX_ROWS) {
				throw new IllegalArgumentException("size must be between 0 and " + MAX_ROWS + ", not " + size);
			}
			ArrayNode rows = output.putArray("rows");
			for (int i = 1; i <= size; i++) {
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
		return new Workflow("flaky", List.of(new Parameter("failures", 0, 10, 1, "attempts that fail first"), DELAY),
				List.of(new TaskDefinition("unstable", List.of(), 3, (context, attempt, output) -> {
			work(context);
			if (attempt <= context.path("failures").asInt(1)) {
				throw new IllegalStateException("unstable failed on attempt " + attempt);
			}
			output.put("succeededOnAttempt", attempt);
		})));
	}

	private static void work(JsonNode context) throws InterruptedException {
		long delay = Math.min(context.path("delayMillis").asLong(0), MAX_DELAY_MILLIS);
		if (delay > 0) {
			Thread.sleep(delay);
		}
	}

}
