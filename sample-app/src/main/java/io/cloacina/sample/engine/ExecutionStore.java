package io.cloacina.sample.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.cloacina.database.dialect.ClaimRequest;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.ValueCodec;
import io.cloacina.sample.workflow.TaskDefinition;
import io.cloacina.sample.workflow.Workflow;
import io.cloacina.sample.workflow.Workflows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workflow and task executions in the database, written once for PostgreSQL and SQLite: what
 * differs comes from the starter's {@link DatabaseDialect} and {@link ValueCodec}.
 */
@Repository
public class ExecutionStore {

	static final ClaimRequest CLAIM = new ClaimRequest("task_execution", "id", "claimed_by", "status", "heartbeat_at",
			"status = ?", List.of("id"));

	private static final String FINISH_ATTEMPT = "UPDATE task_attempt SET status = ?, finished_at = ?, error = ? "
			+ "WHERE task_id = ? AND attempt = ? AND status = ?";

	/** How long the sweeper keeps the row of an instance that stopped sending heartbeats. */
	static final java.time.Duration FORGET_INSTANCES_AFTER = java.time.Duration.ofHours(1);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final DatabaseDialect dialect;

	private final ValueCodec values;

	private final ObjectMapper json;

	private final Workflows workflows;

	private final String claimSql;

	private final String heartbeatSql;

	private final String releaseSql;

	private final String exhaustedSql;

	private final String lostAttemptsSql;

	private final String instanceUpsertSql;

	private final long maxContextBytes;

	public ExecutionStore(JdbcTemplate jdbc, TransactionTemplate transactions, DatabaseDialect dialect,
			ValueCodec values, ObjectMapper json, Workflows workflows, EngineProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.dialect = dialect;
		this.values = values;
		this.json = json;
		this.workflows = workflows;
		// The claim counts the attempt and stamps the first start in the same statement, and returns
		// only what claim() reads.
		this.claimSql = dialect.claimBatch(CLAIM
			.withAssignments("attempts = attempts + 1", "started_at = COALESCE(started_at, " + dialect.now() + ")")
			.withReturning("id", "execution_id", "task_name", "attempts", "max_attempts", "started_at",
					"heartbeat_at"));
		this.heartbeatSql = dialect.heartbeat(CLAIM);
		this.releaseSql = dialect.releaseStaleClaims(CLAIM);
		this.exhaustedSql = dialect.forUpdate("SELECT id, execution_id, attempts, max_attempts, claimed_by "
				+ "FROM task_execution WHERE status = ? AND attempts >= max_attempts AND heartbeat_at < "
				+ dialect.secondsAgo());
		this.lostAttemptsSql = "UPDATE task_attempt SET status = ?, finished_at = ?, error = ? WHERE status = ? AND task_id IN "
				+ "(SELECT id FROM task_execution WHERE status = ? AND heartbeat_at < " + dialect.secondsAgo() + ")";
		this.instanceUpsertSql = dialect.upsert("engine_instance", List.of("id", "workers", "started_at", "heartbeat_at"),
				List.of("id"), List.of("workers", "heartbeat_at"));
		this.maxContextBytes = properties.getMaxContextSize().toBytes();
	}

	private void finishAttempt(ClaimedTask task, AttemptStatus status, Instant finished, String error) {
		this.jdbc.update(FINISH_ATTEMPT, status.name(), this.values.timestamp(finished), error, task.id(),
				task.attempt(), AttemptStatus.RUNNING.name());
	}

	/**
	 * Create an execution with its tasks, in one transaction.
	 * @param workflow the workflow
	 * @param context the initial context
	 * @return the new execution's id
	 */
	public UUID create(Workflow workflow, ObjectNode context) {
		UUID id = UUID.randomUUID();
		Instant now = Instant.now();
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update(
					"INSERT INTO workflow_execution (id, workflow, status, context, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
					this.values.uuid(id), workflow.name(), ExecutionStatus.PENDING.name(),
					this.values.json(this.json.writeValueAsString(context)), this.values.timestamp(now),
					this.values.timestamp(now));
			List<Object[]> tasks = new ArrayList<>();
			for (TaskDefinition task : workflow.tasks()) {
				TaskStatus initial = task.dependsOn().isEmpty() ? TaskStatus.READY : TaskStatus.WAITING;
				tasks.add(new Object[] { this.values.uuid(id), task.name(), initial.name(), task.maxAttempts() });
			}
			this.jdbc.batchUpdate(
					"INSERT INTO task_execution (execution_id, task_name, status, max_attempts) VALUES (?, ?, ?, ?)",
					tasks);
		});
		return id;
	}

	/**
	 * Claim up to {@code max} ready tasks for a worker, count the attempt, record it as running and
	 * mark their executions running, in one transaction: each task goes to exactly one worker.
	 * Set-based: three statements however many tasks are claimed (the claim, which counts the attempt;
	 * the attempts' rows; the executions, marked running, with their workflow and context).
	 * @param owner the worker
	 * @param max how many at most
	 * @return the claimed tasks, by id
	 */
	List<ClaimedTask> claim(String owner, int max) {
		return this.transactions.execute((status) -> {
			List<Object[]> rows = this.jdbc.query(this.claimSql,
					(rs, n) -> new Object[] { rs.getLong("id"), this.values.getUuid(rs, "execution_id"),
							rs.getString("task_name"), rs.getInt("attempts"), rs.getInt("max_attempts"),
							// The attempt starts when the claim did: the task's first start for a first
							// attempt (the same value), the claim's heartbeat for the next ones.
							this.values.getTimestamp(rs, (rs.getInt("attempts") == 1) ? "started_at" : "heartbeat_at") },
					owner, TaskStatus.CLAIMED.name(), TaskStatus.READY.name(), max);
			if (rows.isEmpty()) {
				return List.<ClaimedTask>of();
			}
			rows.sort(Comparator.comparingLong((row) -> (Long) row[0]));
			Object now = this.values.timestamp(Instant.now());
			List<Object[]> attempts = new ArrayList<>();
			Set<UUID> executionIds = new LinkedHashSet<>();
			for (Object[] row : rows) {
				executionIds.add((UUID) row[1]);
				attempts.add(new Object[] { row[0], this.values.uuid((UUID) row[1]), row[3], owner,
						AttemptStatus.RUNNING.name(), this.values.timestamp((Instant) row[5]) });
			}
			this.jdbc.batchUpdate("INSERT INTO task_attempt (task_id, execution_id, attempt, instance, status, started_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?)", attempts);
			List<Object> executions = executionIds.stream().<Object>map(this.values::uuid).toList();
			// Pending executions become running; all come back with their workflow and context.
			Map<UUID, String[]> found = new HashMap<>();
			String pending = ExecutionStatus.PENDING.name();
			this.jdbc.query("UPDATE workflow_execution SET status = CASE WHEN status = ? THEN ? ELSE status END, "
					+ "updated_at = CASE WHEN status = ? THEN ? ELSE updated_at END WHERE id IN ("
					+ placeholders(executions.size()) + ") RETURNING id, workflow, context", (rs) -> {
						found.put(this.values.getUuid(rs, "id"),
								new String[] { rs.getString("workflow"), this.values.getJson(rs, "context") });
					}, arguments(List.of(pending, ExecutionStatus.RUNNING.name(), pending, now), executions));
			List<ClaimedTask> claimed = new ArrayList<>();
			for (Object[] row : rows) {
				String[] execution = found.get((UUID) row[1]);
				claimed.add(new ClaimedTask((Long) row[0], (UUID) row[1], execution[0], (String) row[2],
						(Integer) row[3], (Integer) row[4], execution[1]));
			}
			return claimed;
		});
	}

	/**
	 * Give back claimed tasks that never started (the instance stops): they become ready again and the
	 * attempt they never made is not counted. Nothing happens to a task whose claim was lost meanwhile.
	 * @param tasks the tasks
	 * @param owner the worker that claimed them
	 */
	void release(List<ClaimedTask> tasks, String owner) {
		if (tasks.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			// A task given back before its first attempt has not started either.
			int[] updated = this.jdbc.batchUpdate("UPDATE task_execution SET status = ?, claimed_by = NULL, "
					+ "attempts = attempts - 1, started_at = CASE WHEN attempts = 1 THEN NULL ELSE started_at END "
					+ "WHERE id = ? AND claimed_by = ? AND status = ?", tasks.stream()
						.map((task) -> new Object[] { TaskStatus.READY.name(), task.id(), owner, TaskStatus.CLAIMED.name() })
						.toList());
			List<Object[]> attempts = new ArrayList<>();
			for (int i = 0; i < updated.length; i++) {
				if (updated[i] == 1) {
					attempts.add(new Object[] { tasks.get(i).id(), tasks.get(i).attempt() });
				}
			}
			if (!attempts.isEmpty()) {
				this.jdbc.batchUpdate("DELETE FROM task_attempt WHERE task_id = ? AND attempt = ?", attempts);
			}
		});
	}

	/**
	 * What a worker made of a task: the output it adds to the context, or why it failed.
	 *
	 * @param task the task
	 * @param output what it adds to the context when it completed, else {@code null}
	 * @param error why it failed, else {@code null}
	 */
	record Result(ClaimedTask task, ObjectNode output, String error) {

		static Result completed(ClaimedTask task, ObjectNode output) {
			return new Result(task, output, null);
		}

		static Result failed(ClaimedTask task, String error) {
			return new Result(task, null, error);
		}

	}

	/**
	 * Record the results of tasks in one transaction, each as if it were recorded alone: a failure as
	 * {@link #fail} records it; a completed task's output joins its execution's context, the tasks that
	 * waited for it become ready, and the execution completes with its last task. A result whose worker
	 * lost its claim meanwhile (the task was given to another worker) is dropped; a completion whose
	 * output would make the context larger than {@code sample.engine.max-context-size} fails the attempt
	 * instead. The statements are batched: about six round trips however many tasks completed.
	 * @param results the results
	 * @param owner the worker that claimed the tasks
	 * @return the ids of the tasks whose result was dropped because their claim was lost
	 */
	Set<Long> record(List<Result> results, String owner) {
		return this.transactions.execute((status) -> {
			Set<Long> dropped = new HashSet<>();
			List<Result> completions = new ArrayList<>();
			for (Result result : results) {
				if (result.error() == null) {
					completions.add(result);
				}
				else if (!fail(result.task(), owner, result.error())) {
					dropped.add(result.task().id());
				}
			}
			if (completions.isEmpty()) {
				return dropped;
			}
			completions.sort(Comparator.comparingLong((result) -> result.task().id()));
			Instant finished = Instant.now();
			Object finishedAt = this.values.timestamp(finished);
			// Task rows first, then execution rows: the order in which the sweeper locks them.
			// claimed_by stays: it records which worker ran the task.
			// One statement for all: the ids it returns are those whose claim was still this worker's.
			Set<Long> updated = new HashSet<>(this.jdbc.query("UPDATE task_execution SET status = ?, last_error = NULL, "
					+ "finished_at = ? WHERE claimed_by = ? AND status = ? AND id IN (" + placeholders(completions.size())
					+ ") RETURNING id", (rs, n) -> rs.getLong("id"), arguments(List.of(TaskStatus.COMPLETED.name(),
							finishedAt, owner, TaskStatus.CLAIMED.name()), completions.stream()
								.<Object>map((result) -> result.task().id())
								.toList())));
			List<Result> recorded = new ArrayList<>();
			for (Result completion : completions) {
				if (updated.contains(completion.task().id())) {
					recorded.add(completion);
				}
				else {
					dropped.add(completion.task().id());
				}
			}
			if (!recorded.isEmpty()) {
				recordCompletions(recorded, owner, finished);
			}
			return dropped;
		});
	}

	private void recordCompletions(List<Result> recorded, String owner, Instant finished) {
		// The execution rows, locked in id order (two recorders never wait for each other in a circle),
		// serialise the results of one execution across workers and instances.
		Map<UUID, String> workflowOf = new TreeMap<>();
		for (Result result : recorded) {
			workflowOf.put(result.task().executionId(), result.task().workflow());
		}
		List<Object> executions = workflowOf.keySet().stream().<Object>map(this.values::uuid).toList();
		Map<UUID, ObjectNode> contexts = new HashMap<>();
		this.jdbc.query(this.dialect.forUpdate("SELECT id, context FROM workflow_execution WHERE id IN ("
				+ placeholders(executions.size()) + ") ORDER BY id"), (rs) -> {
					contexts.put(this.values.getUuid(rs, "id"),
							(ObjectNode) this.json.readTree(this.values.getJson(rs, "context")));
				}, executions.toArray());
		// The other tasks of an execution decide what becomes ready and whether it is done; a workflow of
		// one task has none to read.
		Map<UUID, Map<String, TaskStatus>> statuses = new HashMap<>();
		List<Object> withSiblings = new ArrayList<>();
		workflowOf.forEach((executionId, name) -> {
			if (this.workflows.find(name).orElseThrow().tasks().size() > 1) {
				withSiblings.add(this.values.uuid(executionId));
			}
			else {
				statuses.put(executionId, new HashMap<>(Map.of(this.workflows.find(name).orElseThrow().tasks().get(0).name(),
						TaskStatus.CLAIMED)));
			}
		});
		if (!withSiblings.isEmpty()) {
			this.jdbc.query("SELECT execution_id, task_name, status FROM task_execution WHERE execution_id IN ("
					+ placeholders(withSiblings.size()) + ")", (rs) -> {
						statuses.computeIfAbsent(this.values.getUuid(rs, "execution_id"), (key) -> new HashMap<>())
							.put(rs.getString("task_name"), TaskStatus.valueOf(rs.getString("status")));
					}, withSiblings.toArray());
		}
		for (Result result : recorded) {
			// Completed by the update above, in this transaction.
			statuses.get(result.task().executionId()).put(result.task().taskName(), TaskStatus.COMPLETED);
		}
		Object finishedAt = this.values.timestamp(finished);
		Map<UUID, String> contextJson = new HashMap<>();
		Set<UUID> failed = new HashSet<>();
		List<Object> attempts = new ArrayList<>();
		for (Result result : recorded) {
			ClaimedTask task = result.task();
			ObjectNode context = contexts.get(task.executionId()).deepCopy();
			context.setAll(result.output());
			String text = this.json.writeValueAsString(context);
			if (text.length() > this.maxContextBytes) {
				// Not completed after all: the attempt fails, as a failure of the task itself would.
				String error = "The context of " + task.executionId() + " would grow to " + text.length()
						+ " characters with the output of " + task.taskName() + "; at most " + this.maxContextBytes
						+ " are kept (sample.engine.max-context-size)";
				statuses.get(task.executionId()).put(task.taskName(), TaskStatus.CLAIMED);
				if (recordFailure(task, owner, error, TaskStatus.COMPLETED, finished) && task.attempt() >= task.maxAttempts()) {
					failed.add(task.executionId());
				}
				continue;
			}
			contexts.put(task.executionId(), context);
			contextJson.put(task.executionId(), text);
			attempts.add(task.id());
		}
		if (!attempts.isEmpty()) {
			// A task has one running attempt at most: a claim starts one, and every way a claim ends (a
			// result, a give-back, the sweeper) finishes or removes it.
			this.jdbc.update("UPDATE task_attempt SET status = ?, finished_at = ? WHERE status = ? AND task_id IN ("
					+ placeholders(attempts.size()) + ")",
					arguments(List.of(AttemptStatus.COMPLETED.name(), finishedAt, AttemptStatus.RUNNING.name()), attempts));
		}
		List<Object[]> nowReady = new ArrayList<>();
		List<Object[]> executionUpdates = new ArrayList<>();
		Object updatedAt = this.values.timestamp(Instant.now());
		workflowOf.forEach((executionId, name) -> {
			if (failed.contains(executionId) || !contextJson.containsKey(executionId)) {
				return;
			}
			Map<String, TaskStatus> tasks = statuses.get(executionId);
			for (TaskDefinition definition : this.workflows.find(name).orElseThrow().tasks()) {
				if (tasks.get(definition.name()) == TaskStatus.WAITING && definition.dependsOn()
					.stream()
					.allMatch((dependency) -> tasks.get(dependency) == TaskStatus.COMPLETED)) {
					nowReady.add(new Object[] { TaskStatus.READY.name(), this.values.uuid(executionId), definition.name(),
							TaskStatus.WAITING.name() });
				}
			}
			boolean done = tasks.values().stream().allMatch((s) -> s == TaskStatus.COMPLETED);
			executionUpdates.add(new Object[] { this.values.json(contextJson.get(executionId)),
					(done ? ExecutionStatus.COMPLETED : ExecutionStatus.RUNNING).name(), updatedAt,
					this.values.uuid(executionId) });
		});
		if (!nowReady.isEmpty()) {
			this.jdbc.batchUpdate("UPDATE task_execution SET status = ? WHERE execution_id = ? AND task_name = ? "
					+ "AND status = ?", nowReady);
		}
		if (!executionUpdates.isEmpty()) {
			this.jdbc.batchUpdate("UPDATE workflow_execution SET context = ?, status = ?, updated_at = ? WHERE id = ?",
					executionUpdates);
		}
	}

	private static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

	private static Object[] arguments(List<Object> first, List<Object> rest) {
		List<Object> all = new ArrayList<>(first);
		all.addAll(rest);
		return all.toArray();
	}

	/**
	 * Record that a worker still holds its tasks, in one batch.
	 * @param taskIds the tasks
	 * @param owner the worker
	 */
	void heartbeat(java.util.Collection<Long> taskIds, String owner) {
		if (!taskIds.isEmpty()) {
			this.jdbc.batchUpdate(this.heartbeatSql, taskIds.stream().map((id) -> new Object[] { id, owner }).toList());
		}
	}

	/**
	 * Record a failed attempt: the task is tried again while it has attempts left, else it and its
	 * execution fail and the tasks that never ran are skipped.
	 * @param task the task
	 * @param owner the worker
	 * @param error what went wrong
	 * @return whether the failure was recorded (the worker still held the claim)
	 */
	boolean fail(ClaimedTask task, String owner, String error) {
		return Boolean.TRUE.equals(this.transactions.execute(
				(status) -> recordFailure(task, owner, error, TaskStatus.CLAIMED, Instant.now())));
	}

	/**
	 * Record a failed attempt of a task in the given status; the caller runs a transaction.
	 * @return whether the failure was recorded
	 */
	private boolean recordFailure(ClaimedTask task, String owner, String error, TaskStatus expected, Instant finished) {
		boolean retry = task.attempt() < task.maxAttempts();
		String message = (error.length() > 2000) ? error.substring(0, 2000) : error;
		int updated = this.jdbc.update("UPDATE task_execution SET status = ?, claimed_by = NULL, last_error = ?, "
				+ "finished_at = ? WHERE id = ? AND claimed_by = ? AND status = ?",
				(retry ? TaskStatus.READY : TaskStatus.FAILED).name(), message,
				this.values.timestamp(retry ? null : finished), task.id(), owner, expected.name());
		if (updated == 1) {
			finishAttempt(task, AttemptStatus.FAILED, finished, message);
		}
		if (updated == 0 || retry) {
			return updated == 1;
		}
		failExecution(task.executionId());
		return true;
	}

	/**
	 * Deal with tasks whose worker stopped sending heartbeats (it was killed, ran out of memory or lost
	 * the database), in one transaction: a task that was on its last attempt fails, with its execution;
	 * the others become claimable again. So a task that kills its workers runs at most its number of
	 * attempts, also across restarts. Their attempts are recorded as lost, and the rows of instances
	 * silent for {@link #FORGET_INSTANCES_AFTER} are removed from {@code engine_instance}.
	 * @param staleAfterSeconds how old a heartbeat may be
	 * @return how many claims were released and how many tasks failed
	 */
	Sweep releaseStaleClaims(double staleAfterSeconds) {
		return this.transactions.execute((status) -> {
			Instant now = Instant.now();
			this.jdbc.update(this.lostAttemptsSql, AttemptStatus.LOST.name(), this.values.timestamp(now),
					"The worker stopped sending heartbeats (killed, out of memory, or cut off from the database)",
					AttemptStatus.RUNNING.name(), TaskStatus.CLAIMED.name(), staleAfterSeconds);
			List<Object[]> exhausted = this.jdbc.query(this.exhaustedSql,
					(rs, n) -> new Object[] { rs.getLong("id"), this.values.getUuid(rs, "execution_id"),
							rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getString("claimed_by") },
					TaskStatus.CLAIMED.name(), staleAfterSeconds);
			int failed = 0;
			for (Object[] task : exhausted) {
				String error = "The worker " + task[4] + " running attempt " + task[2] + " of " + task[3]
						+ " stopped sending heartbeats (killed, out of memory, or cut off from the database); "
						+ "no attempts left";
				int updated = this.jdbc.update("UPDATE task_execution SET status = ?, claimed_by = NULL, last_error = ?, "
						+ "finished_at = ? WHERE id = ? AND status = ?", TaskStatus.FAILED.name(), error,
						this.values.timestamp(now), task[0], TaskStatus.CLAIMED.name());
				if (updated == 1) {
					failExecution((UUID) task[1]);
					failed++;
				}
			}
			int released = this.jdbc.update(this.releaseSql, TaskStatus.READY.name(), TaskStatus.CLAIMED.name(),
					staleAfterSeconds);
			// Instances gone for long (stopped without removing their row, or killed) leave the table.
			this.jdbc.update("DELETE FROM engine_instance WHERE heartbeat_at < ?",
					this.values.timestamp(now.minus(FORGET_INSTANCES_AFTER)));
			return new Sweep(released, failed);
		});
	}

	private void failExecution(UUID executionId) {
		this.jdbc.update("UPDATE task_execution SET status = ? WHERE execution_id = ? AND status IN (?, ?)",
				TaskStatus.SKIPPED.name(), this.values.uuid(executionId), TaskStatus.WAITING.name(),
				TaskStatus.READY.name());
		this.jdbc.update("UPDATE workflow_execution SET status = ?, updated_at = ? WHERE id = ?",
				ExecutionStatus.FAILED.name(), this.values.timestamp(Instant.now()), this.values.uuid(executionId));
	}

	/**
	 * What a sweep did.
	 *
	 * @param released claims made claimable again
	 * @param failed tasks failed because their last attempt's worker stopped
	 */
	record Sweep(int released, int failed) {

	}

	/** A task's output would make its execution's context larger than {@code sample.engine.max-context-size}. */
	static class ContextTooLargeException extends RuntimeException {

		ContextTooLargeException(String message) {
			super(message);
		}

	}

	private Map<String, TaskStatus> taskStatuses(UUID executionId) {
		Map<String, TaskStatus> statuses = new HashMap<>();
		this.jdbc.query("SELECT task_name, status FROM task_execution WHERE execution_id = ?",
				(rs) -> {
					statuses.put(rs.getString("task_name"), TaskStatus.valueOf(rs.getString("status")));
				}, this.values.uuid(executionId));
		return statuses;
	}

	/**
	 * One execution with its tasks.
	 * @param id the execution
	 * @return the execution, if it exists
	 */
	public Optional<ExecutionView> find(UUID id) {
		List<ExecutionView> found = this.jdbc.query("SELECT * FROM workflow_execution WHERE id = ?", executionMapper(),
				this.values.uuid(id));
		return found.stream().findFirst().map((execution) -> withTasks(execution, true));
	}

	/**
	 * A page of executions, newest first.
	 * @param status only this status, or {@code null} for all
	 * @param limit the page size
	 * @param offset how many to skip
	 * @return the executions with their tasks
	 */
	public List<ExecutionView> page(ExecutionStatus status, int limit, int offset) {
		return page(status, null, limit, offset);
	}

	/**
	 * A page of executions, newest first; the indexes of {@code V2__dashboard.sql} serve each filter.
	 * @param status only this status, or {@code null} for all
	 * @param workflow only this workflow, or {@code null} for all
	 * @param limit the page size
	 * @param offset how many to skip
	 * @return the executions with their tasks (without their attempts)
	 */
	public List<ExecutionView> page(ExecutionStatus status, String workflow, int limit, int offset) {
		List<String> conditions = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		if (workflow != null) {
			conditions.add("workflow = ?");
			args.add(workflow);
		}
		if (status != null) {
			conditions.add("status = ?");
			args.add(status.name());
		}
		String select = "SELECT * FROM workflow_execution"
				+ (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
				+ " ORDER BY created_at DESC, id DESC";
		args.add(limit);
		args.add(offset);
		return this.jdbc.query(this.dialect.page(select), executionMapper(), args.toArray())
			.stream()
			.map((execution) -> withTasks(execution, false))
			.toList();
	}

	/**
	 * How many executions have each status.
	 * @return the counts, every status included
	 */
	public Map<ExecutionStatus, Long> countsByStatus() {
		Map<ExecutionStatus, Long> counts = new java.util.EnumMap<>(ExecutionStatus.class);
		for (ExecutionStatus status : ExecutionStatus.values()) {
			counts.put(status, 0L);
		}
		this.jdbc.query("SELECT status, count(*) AS n FROM workflow_execution GROUP BY status",
				(rs) -> {
					counts.put(ExecutionStatus.valueOf(rs.getString("status")), rs.getLong("n"));
				});
		return counts;
	}

	/**
	 * Executions completed in each second of the last {@code seconds} seconds, oldest first; the last
	 * entry is the current, unfinished second.
	 * @param now the end of the window
	 * @param seconds how many seconds
	 * @return one count per second
	 */
	public long[] completedPerSecond(Instant now, int seconds) {
		long end = now.getEpochSecond();
		long start = end - seconds + 1;
		long[] counts = new long[seconds];
		this.jdbc.query("SELECT updated_at FROM workflow_execution WHERE status = ? AND updated_at >= ?", (rs) -> {
			Instant at = this.values.getTimestamp(rs, "updated_at");
			long index = at.getEpochSecond() - start;
			if (index >= 0 && index < seconds) {
				counts[(int) index]++;
			}
		}, ExecutionStatus.COMPLETED.name(), this.values.timestamp(Instant.ofEpochSecond(start)));
		return counts;
	}

	/**
	 * Record that an instance is alive: it renews its row every heartbeat interval.
	 * @param instance the instance's id, as in {@code claimed_by}
	 * @param workers its worker threads
	 * @param startedAt when it started
	 */
	void instanceHeartbeat(String instance, int workers, Instant startedAt) {
		this.jdbc.update(this.instanceUpsertSql, instance, workers, this.values.timestamp(startedAt),
				this.values.timestamp(Instant.now()));
	}

	/**
	 * Forget an instance that stops.
	 * @param instance the instance's id
	 */
	void instanceStopped(String instance) {
		this.jdbc.update("DELETE FROM engine_instance WHERE id = ?", instance);
	}

	/**
	 * The instances whose last heartbeat is at most {@code staleAfter} old, oldest first.
	 * @param staleAfter how old a heartbeat may be
	 * @return the live instances
	 */
	public List<InstanceView> liveInstances(java.time.Duration staleAfter) {
		return this.jdbc.query(
				"SELECT id, workers, started_at, heartbeat_at FROM engine_instance WHERE heartbeat_at >= ? ORDER BY started_at, id",
				(rs, n) -> new InstanceView(rs.getString("id"), rs.getInt("workers"),
						this.values.getTimestamp(rs, "started_at"), this.values.getTimestamp(rs, "heartbeat_at")),
				this.values.timestamp(Instant.now().minus(staleAfter)));
	}

	/**
	 * An instance of the application on this database.
	 *
	 * @param id its id, as in {@code claimed_by}
	 * @param workers its worker threads
	 * @param startedAt when it started
	 * @param heartbeatAt its last heartbeat
	 */
	public record InstanceView(String id, int workers, Instant startedAt, Instant heartbeatAt) {

	}

	private RowMapper<ExecutionView> executionMapper() {
		return (rs, n) -> new ExecutionView(this.values.getUuid(rs, "id"), rs.getString("workflow"),
				ExecutionStatus.valueOf(rs.getString("status")), this.json.readTree(this.values.getJson(rs, "context")),
				this.values.getTimestamp(rs, "created_at"), this.values.getTimestamp(rs, "updated_at"), List.of());
	}

	private ExecutionView withTasks(ExecutionView execution, boolean withAttempts) {
		Map<Long, List<ExecutionView.AttemptView>> attempts = new HashMap<>();
		if (withAttempts) {
			this.jdbc.query("SELECT task_id, attempt, instance, status, started_at, finished_at, error FROM task_attempt "
					+ "WHERE execution_id = ? ORDER BY started_at, id", (rs) -> {
						attempts.computeIfAbsent(rs.getLong("task_id"), (key) -> new ArrayList<>())
							.add(new ExecutionView.AttemptView(rs.getInt("attempt"), rs.getString("instance"),
									AttemptStatus.valueOf(rs.getString("status")), this.values.getTimestamp(rs, "started_at"),
									this.values.getTimestamp(rs, "finished_at"), rs.getString("error")));
					}, this.values.uuid(execution.id()));
		}
		List<ExecutionView.TaskView> tasks = this.jdbc.query(
				"SELECT id, task_name, status, attempts, claimed_by, last_error, started_at, finished_at "
						+ "FROM task_execution WHERE execution_id = ? ORDER BY id",
				(rs, n) -> new ExecutionView.TaskView(rs.getString("task_name"), TaskStatus.valueOf(rs.getString("status")),
						rs.getInt("attempts"), rs.getString("claimed_by"), rs.getString("last_error"),
						this.values.getTimestamp(rs, "started_at"), this.values.getTimestamp(rs, "finished_at"),
						withAttempts ? attempts.getOrDefault(rs.getLong("id"), List.of()) : null),
				this.values.uuid(execution.id()));
		return new ExecutionView(execution.id(), execution.workflow(), execution.status(), execution.context(),
				execution.createdAt(), execution.updatedAt(), tasks);
	}

}
