package io.cloacina.sample.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.LeaderLock.LeaderLease;
import io.cloacina.sample.workflow.TaskDefinition;
import io.cloacina.sample.workflow.Workflows;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The workers of this instance: they claim ready tasks with the dialect's batch claim, run them
 * while a heartbeat shows they are alive, and record the result. One instance at a time, holder of
 * the leader lock, sweeps: it releases claims whose heartbeat is stale, so the work of a dead
 * instance goes to a live one.
 */
@Component
public class WorkflowEngine implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WorkflowEngine.class);

	private static final String SWEEPER_LOCK = "cloacina-sample-sweeper";

	private final ExecutionStore store;

	private final Workflows workflows;

	private final LeaderLock leaderLock;

	private final ObjectMapper json;

	private final EngineProperties properties;

	private final Map<Long, ClaimedTask> running = new ConcurrentHashMap<>();

	private volatile boolean started;

	private ExecutorService workers;

	private ScheduledExecutorService scheduler;

	private LeaderLease sweeperLease;

	public WorkflowEngine(ExecutionStore store, Workflows workflows, LeaderLock leaderLock, ObjectMapper json,
			EngineProperties properties) {
		this.store = store;
		this.workflows = workflows;
		this.leaderLock = leaderLock;
		this.json = json;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		this.started = true;
		this.scheduler = Executors.newScheduledThreadPool(2);
		long heartbeat = this.properties.getHeartbeatInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
		long sweep = this.properties.getSweepInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
		int count = this.properties.getWorkers();
		if (count > 0) {
			this.workers = Executors.newFixedThreadPool(count);
			for (int i = 0; i < count; i++) {
				this.workers.submit(this::work);
			}
		}
		logger.info("Workflow engine " + this.properties.getInstanceId() + " started with " + count + " worker(s)");
	}

	@Override
	public synchronized void stop() {
		this.started = false;
		if (this.workers != null) {
			this.workers.shutdown();
			awaitQuietly(this.workers);
		}
		this.scheduler.shutdownNow();
		awaitQuietly(this.scheduler);
		if (this.sweeperLease != null) {
			this.sweeperLease.close();
			this.sweeperLease = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	private void work() {
		String owner = this.properties.getInstanceId();
		while (this.started) {
			try {
				List<ClaimedTask> claimed = this.store.claim(owner, this.properties.getClaimBatch());
				if (claimed.isEmpty()) {
					Thread.sleep(this.properties.getPollInterval().toMillis());
					continue;
				}
				for (ClaimedTask task : claimed) {
					run(task, owner);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (this.started) {
					logger.warn("Worker of " + owner + " failed; it goes on", ex);
					sleepQuietly(this.properties.getPollInterval().toMillis());
				}
			}
		}
	}

	private void run(ClaimedTask task, String owner) {
		this.running.put(task.id(), task);
		try {
			Optional<TaskDefinition> definition = this.workflows.find(task.workflow())
				.flatMap((workflow) -> workflow.task(task.taskName()));
			if (definition.isEmpty()) {
				this.store.fail(task, owner, "This application has no task " + task.taskName() + " in workflow "
						+ task.workflow());
				return;
			}
			ObjectNode output = this.json.createObjectNode();
			try {
				JsonNode context = this.store.context(task.executionId());
				definition.get().function().run(context, task.attempt(), output);
			}
			catch (InterruptedException ex) {
				// Shutting down: leave the claim; the sweeper gives the task to another worker.
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				this.store.fail(task, owner, ex.getClass().getSimpleName() + ": " + ex.getMessage());
				return;
			}
			if (!this.store.complete(task, owner, output)) {
				logger.info("Task " + task.taskName() + " of " + task.executionId() + " was given to another worker "
						+ "while it ran; its result is dropped");
			}
		}
		finally {
			this.running.remove(task.id());
		}
	}

	private void heartbeat() {
		String owner = this.properties.getInstanceId();
		for (ClaimedTask task : this.running.values()) {
			try {
				this.store.heartbeat(task.id(), owner);
			}
			catch (RuntimeException ex) {
				logger.debug("Heartbeat of task " + task.id() + " failed", ex);
			}
		}
	}

	private void sweep() {
		try {
			if (this.sweeperLease != null && !this.sweeperLease.renew()) {
				this.sweeperLease.close();
				this.sweeperLease = null;
			}
			if (this.sweeperLease == null) {
				this.sweeperLease = this.leaderLock.tryAcquire(SWEEPER_LOCK).orElse(null);
			}
			if (this.sweeperLease != null && this.sweeperLease.isHeld()) {
				int released = this.store.releaseStaleClaims(this.properties.getStaleAfter().toMillis() / 1000.0);
				if (released > 0) {
					logger.info("Released " + released + " stale task claim(s)");
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Sweep failed; it runs again", ex);
		}
	}

	private static void awaitQuietly(ExecutorService executor) {
		try {
			if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
