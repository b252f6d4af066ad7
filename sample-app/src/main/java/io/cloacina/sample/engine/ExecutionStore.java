package io.cloacina.sample.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
		this.claimSql = dialect.claimBatch(CLAIM);
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
		this.jdbc.update("UPDATE task_attempt SET status = ?, finished_at = ?, error = ? "
				+ "WHERE task_id = ? AND attempt = ? AND status = ?", status.name(), this.values.timestamp(finished), error,
				task.id(), task.attempt(), AttemptStatus.RUNNING.name());
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
	 * Claim up to {@code max} ready tasks for a worker, count the attempt and mark their executions
	 * running, in one transaction: each task goes to exactly one worker.
	 * @param owner the worker
	 * @param max how many at most
	 * @return the claimed tasks
	 */
	List<ClaimedTask> claim(String owner, int max) {
		return this.transactions.execute((status) -> {
			List<Long> ids = this.jdbc.query(this.claimSql, (rs, n) -> rs.getLong("id"), owner,
					TaskStatus.CLAIMED.name(), TaskStatus.READY.name(), max);
			List<ClaimedTask> claimed = new ArrayList<>();
			for (Long id : ids) {
				this.jdbc.update("UPDATE task_execution SET attempts = attempts + 1 WHERE id = ?", id);
				ClaimedTask task = this.jdbc.queryForObject(
						"SELECT t.id, t.execution_id, e.workflow, t.task_name, t.attempts, t.max_attempts "
								+ "FROM task_execution t JOIN workflow_execution e ON e.id = t.execution_id WHERE t.id = ?",
						(rs, n) -> new ClaimedTask(rs.getLong("id"), this.values.getUuid(rs, "execution_id"),
								rs.getString("workflow"), rs.getString("task_name"), rs.getInt("attempts"),
								rs.getInt("max_attempts")),
						id);
				Instant now = Instant.now();
				this.jdbc.update("UPDATE task_execution SET started_at = ? WHERE id = ? AND started_at IS NULL",
						this.values.timestamp(now), id);
				this.jdbc.update("INSERT INTO task_attempt (task_id, execution_id, attempt, instance, status, started_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?)", id, this.values.uuid(task.executionId()), task.attempt(), owner,
						AttemptStatus.RUNNING.name(), this.values.timestamp(now));
				this.jdbc.update("UPDATE workflow_execution SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
						ExecutionStatus.RUNNING.name(), this.values.timestamp(now),
						this.values.uuid(task.executionId()), ExecutionStatus.PENDING.name());
				claimed.add(task);
			}
			return claimed;
		});
	}

	/**
	 * The context of an execution.
	 * @param executionId the execution
	 * @return its context
	 */
	JsonNode context(UUID executionId) {
		String text = this.jdbc.queryForObject("SELECT context FROM workflow_execution WHERE id = ?",
				(rs, n) -> this.values.getJson(rs, "context"), this.values.uuid(executionId));
		return this.json.readTree(text);
	}

	/**
	 * Record that a worker still runs its tasks.
	 * @param taskId the task
	 * @param owner the worker
	 * @return whether the worker still holds the claim
	 */
	boolean heartbeat(long taskId, String owner) {
		return this.jdbc.update(this.heartbeatSql, taskId, owner) == 1;
	}

	/**
	 * Record a completed task: its output joins the context, the tasks that waited for it become
	 * ready, and the execution completes with its last task. Nothing happens when the worker lost its
	 * claim meanwhile (the task was given to another worker).
	 * @param task the task
	 * @param owner the worker
	 * @param output what the task adds to the context
	 * @return whether the result was recorded
	 */
	boolean complete(ClaimedTask task, String owner, ObjectNode output) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			// claimed_by stays: it records which worker ran the task.
			Instant finished = Instant.now();
			int updated = this.jdbc.update("UPDATE task_execution SET status = ?, last_error = NULL, finished_at = ? "
					+ "WHERE id = ? AND claimed_by = ? AND status = ?", TaskStatus.COMPLETED.name(),
					this.values.timestamp(finished), task.id(), owner, TaskStatus.CLAIMED.name());
			if (updated == 0) {
				return false;
			}
			finishAttempt(task, AttemptStatus.COMPLETED, finished, null);
			String current = this.jdbc.queryForObject(
					this.dialect.forUpdate("SELECT context FROM workflow_execution WHERE id = ?"),
					(rs, n) -> this.values.getJson(rs, "context"), this.values.uuid(task.executionId()));
			ObjectNode context = (ObjectNode) this.json.readTree(current);
			context.setAll(output);
			Map<String, TaskStatus> statuses = taskStatuses(task.executionId());
			Workflow workflow = this.workflows.find(task.workflow()).orElseThrow();
			List<String> nowReady = new ArrayList<>();
			for (TaskDefinition definition : workflow.tasks()) {
				if (statuses.get(definition.name()) == TaskStatus.WAITING && definition.dependsOn()
					.stream()
					.allMatch((dependency) -> statuses.get(dependency) == TaskStatus.COMPLETED)) {
					nowReady.add(definition.name());
				}
			}
			for (String name : nowReady) {
				this.jdbc.update("UPDATE task_execution SET status = ? WHERE execution_id = ? AND task_name = ? AND status = ?",
						TaskStatus.READY.name(), this.values.uuid(task.executionId()), name, TaskStatus.WAITING.name());
			}
			boolean done = statuses.values().stream().allMatch((s) -> s == TaskStatus.COMPLETED);
			String contextJson = this.json.writeValueAsString(context);
			if (contextJson.length() > this.maxContextBytes) {
				// Rolls the transaction back: the task is not recorded as completed.
				throw new ContextTooLargeException("The context of " + task.executionId() + " would grow to "
						+ contextJson.length() + " characters with the output of " + task.taskName() + "; at most "
						+ this.maxContextBytes + " are kept (sample.engine.max-context-size)");
			}
			this.jdbc.update("UPDATE workflow_execution SET context = ?, status = ?, updated_at = ? WHERE id = ?",
					this.values.json(contextJson),
					(done ? ExecutionStatus.COMPLETED : ExecutionStatus.RUNNING).name(),
					this.values.timestamp(Instant.now()), this.values.uuid(task.executionId()));
			return true;
		}));
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
		boolean retry = task.attempt() < task.maxAttempts();
		String message = (error.length() > 2000) ? error.substring(0, 2000) : error;
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			Instant finished = Instant.now();
			int updated = this.jdbc.update("UPDATE task_execution SET status = ?, claimed_by = NULL, last_error = ?, "
					+ "finished_at = ? WHERE id = ? AND claimed_by = ? AND status = ?",
					(retry ? TaskStatus.READY : TaskStatus.FAILED).name(), message,
					this.values.timestamp(retry ? null : finished), task.id(), owner, TaskStatus.CLAIMED.name());
			if (updated == 1) {
				finishAttempt(task, AttemptStatus.FAILED, finished, message);
			}
			if (updated == 0 || retry) {
				return updated == 1;
			}
			failExecution(task.executionId());
			return true;
		}));
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
