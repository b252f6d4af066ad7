package io.cloacina.sample.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.stereotype.Component;

/**
 * The workers of this instance: they claim ready tasks with the dialect's batch claim, run them
 * while a heartbeat shows they are alive, and record the result. One instance at a time, holder of
 * the leader lock, sweeps: it releases claims whose heartbeat is stale, so the work of a dead
 * instance goes to a live one, and fails those that were on their last attempt. What happens is
 * recorded in {@link EngineStatus}, which the {@code engine} health component reports.
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

	private final EngineStatus status;

	private final BackOff backOff;

	private final Map<Long, ClaimedTask> running = new ConcurrentHashMap<>();

	private volatile boolean started;

	private ExecutorService workers;

	private ScheduledExecutorService scheduler;

	private LeaderLease sweeperLease;

	private BackOffExecution sweepBackOff;

	private long nextSweepNanos;

	/** Workers pause on this; {@link #stop()} wakes them, so a long back-off does not hold up shutdown. */
	private final Object pauses = new Object();

	WorkflowEngine(ExecutionStore store, Workflows workflows, LeaderLock leaderLock, ObjectMapper json,
			EngineProperties properties, EngineStatus status) {
		this.store = store;
		this.workflows = workflows;
		this.leaderLock = leaderLock;
		this.json = json;
		this.properties = properties;
		this.status = status;
		ExponentialBackOff backOff = new ExponentialBackOff(
				Math.max(1, properties.getPollInterval().toMillis()), 2.0);
		backOff.setMaxInterval(Math.max(backOff.getInitialInterval(), properties.getMaxBackoff().toMillis()));
		this.backOff = backOff;
	}

	@Override
	public synchronized void start() {
		this.started = true;
		this.scheduler = Executors.newScheduledThreadPool(2);
		long heartbeat = this.properties.getHeartbeatInterval().toMillis();
		java.time.Instant startedAt = java.time.Instant.now();
		this.scheduler.scheduleWithFixedDelay(() -> instanceHeartbeat(startedAt), 0, heartbeat, TimeUnit.MILLISECONDS);
		this.scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
		long sweep = this.properties.getSweepInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
		int count = this.properties.getWorkers();
		if (count > 0) {
			AtomicInteger number = new AtomicInteger();
			this.workers = Executors.newFixedThreadPool(count, (task) -> {
				Thread thread = new Thread(task, "sample-worker-" + number.incrementAndGet());
				thread.setUncaughtExceptionHandler((failed, ex) -> logger.error(failed.getName() + " stopped", ex));
				return thread;
			});
			for (int i = 0; i < count; i++) {
				this.status.workerStarted();
				this.workers.execute(this::work);
			}
		}
		logger.info("Workflow engine " + this.properties.getInstanceId() + " started with " + count + " worker(s)");
	}

	@Override
	public synchronized void stop() {
		this.started = false;
		synchronized (this.pauses) {
			this.pauses.notifyAll();
		}
		if (this.workers != null) {
			this.workers.shutdown();
			awaitQuietly(this.workers);
		}
		this.scheduler.shutdownNow();
		awaitQuietly(this.scheduler);
		try {
			this.store.instanceStopped(this.properties.getInstanceId());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove instance " + this.properties.getInstanceId() + " from engine_instance", ex);
		}
		if (this.sweeperLease != null) {
			this.sweeperLease.close();
			this.sweeperLease = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	/**
	 * A worker's loop. Nothing that a task or the database throws ends it, {@link Error}s included (a
	 * task that runs out of memory fails its attempt); after a database failure it pauses, longer with
	 * each failure in a row, up to {@code sample.engine.max-backoff}.
	 */
	private void work() {
		String owner = this.properties.getInstanceId();
		BackOffExecution backOff = null;
		try {
			while (this.started) {
				try {
					List<ClaimedTask> claimed = this.store.claim(owner, this.properties.getClaimBatch());
					this.status.succeeded();
					backOff = null;
					if (claimed.isEmpty()) {
						pause(this.properties.getPollInterval().toMillis());
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
				catch (Throwable ex) {
					if (!this.started) {
						return;
					}
					if (ex instanceof VirtualMachineError) {
						logger.error("Worker of " + owner + " hit " + ex + "; it goes on", ex);
					}
					backOff = (backOff != null) ? backOff : this.backOff.start();
					long pause = backOff.nextBackOff();
					this.status.failed("Worker of " + owner, ex, Duration.ofMillis(pause));
					pause(pause);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.status.workerStopped();
		}
	}

	private void pause(long millis) throws InterruptedException {
		synchronized (this.pauses) {
			if (this.started) {
				this.pauses.wait(millis);
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
			catch (Throwable ex) {
				if (ex instanceof Error) {
					// Out of memory, stack overflow: the attempt failed, the worker goes on; what the task
					// held is garbage now.
					logger.error("Task " + task.taskName() + " of " + task.executionId() + " (attempt " + task.attempt()
							+ " of " + task.maxAttempts() + ") failed with " + ex, ex);
				}
				this.store.fail(task, owner, ex.getClass().getSimpleName() + ": " + ex.getMessage());
				return;
			}
			boolean recorded;
			try {
				recorded = this.store.complete(task, owner, output);
			}
			catch (ExecutionStore.ContextTooLargeException ex) {
				this.store.fail(task, owner, ex.getMessage());
				return;
			}
			if (!recorded) {
				logger.info("Task " + task.taskName() + " of " + task.executionId() + " was given to another worker "
						+ "while it ran; its result is dropped");
			}
		}
		finally {
			this.running.remove(task.id());
		}
	}

	/** The row of this instance in {@code engine_instance}, which the page lists; a failure only delays it. */
	private void instanceHeartbeat(java.time.Instant startedAt) {
		try {
			this.store.instanceHeartbeat(this.properties.getInstanceId(), this.properties.getWorkers(), startedAt);
		}
		catch (RuntimeException ex) {
			logger.debug("Heartbeat of instance " + this.properties.getInstanceId() + " failed", ex);
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
		if (System.nanoTime() - this.nextSweepNanos < 0) {
			return;
		}
		try {
			if (this.sweeperLease != null && !this.sweeperLease.renew()) {
				this.sweeperLease.close();
				this.sweeperLease = null;
			}
			if (this.sweeperLease == null) {
				this.sweeperLease = this.leaderLock.tryAcquire(SWEEPER_LOCK).orElse(null);
			}
			if (this.sweeperLease != null && this.sweeperLease.isHeld()) {
				ExecutionStore.Sweep sweep = this.store.releaseStaleClaims(
						this.properties.getStaleAfter().toMillis() / 1000.0);
				if (sweep.released() > 0) {
					logger.info("Released " + sweep.released() + " stale task claim(s)");
				}
				if (sweep.failed() > 0) {
					logger.warn("Failed " + sweep.failed() + " task(s) whose worker stopped sending heartbeats "
							+ "on their last attempt");
				}
			}
			this.status.succeeded();
			this.sweepBackOff = null;
		}
		catch (Throwable ex) {
			this.sweepBackOff = (this.sweepBackOff != null) ? this.sweepBackOff : this.backOff.start();
			long pause = this.sweepBackOff.nextBackOff();
			this.nextSweepNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
			this.status.failed("Sweeper of " + this.properties.getInstanceId(), ex, Duration.ofMillis(pause));
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

}
