package io.cloacina.sample.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * The engine of this instance: a claimer takes ready tasks with the dialect's batch claim, several
 * in one transaction, the workers run them while a heartbeat shows they are alive, and a recorder
 * records their results, as many as have finished in one transaction. One instance at a time, holder of
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

	/** Claimed tasks of this instance until their result is recorded (or they are given back): the heartbeat keeps them. */
	private final Map<Long, ClaimedTask> running = new ConcurrentHashMap<>();

	/** Put in {@link #waiting}, one per worker, at stop: ends a worker's wait at once. */
	private static final ClaimedTask NO_MORE_TASKS = new ClaimedTask(-1, new java.util.UUID(0, 0), "", "", 0, 0, "{}");

	/** Put in {@link #results} once the workers are done: ends the recorder's wait at once. */
	private static final ExecutionStore.Result NO_MORE_RESULTS = ExecutionStore.Result.failed(NO_MORE_TASKS, "");

	/** Claimed tasks waiting for a free worker. */
	private final BlockingQueue<ClaimedTask> waiting = new LinkedBlockingQueue<>();

	/** What the workers made of their tasks, waiting for the recorder. */
	private final BlockingQueue<ExecutionStore.Result> results = new LinkedBlockingQueue<>();

	/** Guards {@link #unfinished} and {@link #unrecorded}; the claimer waits on {@link #room}. */
	private final ReentrantLock counts = new ReentrantLock();

	private final Condition room = this.counts.newCondition();

	/** Claimed tasks that have not finished running (waiting or running). */
	private int unfinished;

	/** Claimed tasks whose result is not recorded yet. */
	private int unrecorded;

	private volatile boolean started;

	private volatile boolean workersDone;

	private ExecutorService workers;

	private Thread claimer;

	private Thread recorder;

	private ScheduledExecutorService scheduler;

	private LeaderLease sweeperLease;

	private BackOffExecution sweepBackOff;

	private long nextSweepNanos;

	/** The claimer and the recorder pause on this; {@link #stop()} wakes them, so a long back-off does not hold up shutdown. */
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
		this.workersDone = false;
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
			this.recorder = new Thread(this::record, "sample-recorder");
			this.recorder.start();
			this.claimer = new Thread(this::claim, "sample-claimer");
			this.claimer.start();
		}
		logger.info("Workflow engine " + this.properties.getInstanceId() + " started with " + count + " worker(s)");
	}

	/**
	 * Stops claiming, gives back the claimed tasks no worker has started, lets the workers finish the
	 * tasks they run (30 s at most, then they are interrupted and their claims left to the sweeper)
	 * and records their results.
	 */
	@Override
	public synchronized void stop() {
		this.started = false;
		synchronized (this.pauses) {
			this.pauses.notifyAll();
		}
		signal();
		if (this.workers != null) {
			join(this.claimer);
			giveBackWaiting();
			for (int i = 0; i < this.properties.getWorkers(); i++) {
				this.waiting.add(NO_MORE_TASKS);
			}
			this.workers.shutdown();
			awaitQuietly(this.workers);
			this.workersDone = true;
			this.results.add(NO_MORE_RESULTS);
			join(this.recorder);
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
	 * The claimer's loop: while fewer than {@code workers + claim-batch} claimed tasks are unfinished,
	 * it claims up to {@code claim-batch} more in one transaction and hands them to the workers; when
	 * there were fewer ready tasks than it asked for, it waits {@code poll-interval}. Nothing that the
	 * database throws ends it: after a failure it pauses, longer with each failure in a row, up to
	 * {@code sample.engine.max-backoff}.
	 */
	private void claim() {
		String owner = this.properties.getInstanceId();
		int batch = Math.max(1, this.properties.getClaimBatch());
		int capacity = this.properties.getWorkers() + batch;
		// Claims of at least half a batch while the workers keep up, so one claim serves several tasks.
		int least = Math.max(1, (batch + 1) / 2);
		BackOffExecution backOff = null;
		try {
			while (this.started) {
				int wanted;
				this.counts.lock();
				try {
					while (this.started && (capacity - this.unfinished < least || this.unrecorded >= 2 * capacity)) {
						this.room.await(this.properties.getPollInterval().toMillis(), TimeUnit.MILLISECONDS);
					}
					wanted = Math.min(batch, capacity - this.unfinished);
					// Reserved until the claim returns: what it did not find is given back below.
					this.unfinished += wanted;
					this.unrecorded += wanted;
				}
				finally {
					this.counts.unlock();
				}
				if (!this.started) {
					unreserve(wanted);
					return;
				}
				int unused = wanted;
				try {
					List<ClaimedTask> claimed = this.store.claim(owner, wanted);
					this.status.succeeded();
					backOff = null;
					unused = wanted - claimed.size();
					for (ClaimedTask task : claimed) {
						this.running.put(task.id(), task);
						this.waiting.add(task);
					}
					if (claimed.size() < wanted) {
						pause(this.properties.getPollInterval().toMillis());
					}
				}
				catch (Throwable ex) {
					if (!this.started) {
						return;
					}
					if (ex instanceof VirtualMachineError) {
						logger.error("Claimer of " + owner + " hit " + ex + "; it goes on", ex);
					}
					backOff = (backOff != null) ? backOff : this.backOff.start();
					long pause = backOff.nextBackOff();
					this.status.failed("Claimer of " + owner, ex, Duration.ofMillis(pause));
					pause(pause);
				}
				finally {
					unreserve(unused);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A worker's loop: it runs claimed tasks one at a time and hands what they made of them to the
	 * recorder. Nothing that a task throws ends it, {@link Error}s included (a task that runs out of
	 * memory fails its attempt).
	 */
	private void work() {
		try {
			while (this.started || !this.waiting.isEmpty()) {
				ClaimedTask task = this.waiting.poll(100, TimeUnit.MILLISECONDS);
				if (task == NO_MORE_TASKS) {
					return;
				}
				if (task == null) {
					continue;
				}
				ExecutionStore.Result result = null;
				try {
					result = run(task);
				}
				finally {
					this.counts.lock();
					try {
						this.unfinished--;
						if (result == null) {
							// Interrupted while shutting down: the claim stays; the sweeper gives the task to another worker.
							this.unrecorded--;
							this.running.remove(task.id());
						}
						this.room.signalAll();
					}
					finally {
						this.counts.unlock();
					}
				}
				this.results.add(result);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.status.workerStopped();
		}
	}

	/**
	 * Run a task.
	 * @return what it made, or {@code null} when it was interrupted (shutting down)
	 */
	private ExecutionStore.Result run(ClaimedTask task) {
		Optional<TaskDefinition> definition = this.workflows.find(task.workflow())
			.flatMap((workflow) -> workflow.task(task.taskName()));
		if (definition.isEmpty()) {
			return ExecutionStore.Result.failed(task,
					"This application has no task " + task.taskName() + " in workflow " + task.workflow());
		}
		ObjectNode output = this.json.createObjectNode();
		try {
			JsonNode context = this.json.readTree(task.context());
			definition.get().function().run(context, task.attempt(), output);
			return ExecutionStore.Result.completed(task, output);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (Throwable ex) {
			if (ex instanceof Error) {
				// Out of memory, stack overflow: the attempt failed, the worker goes on; what the task
				// held is garbage now.
				logger.error("Task " + task.taskName() + " of " + task.executionId() + " (attempt " + task.attempt()
						+ " of " + task.maxAttempts() + ") failed with " + ex, ex);
			}
			return ExecutionStore.Result.failed(task, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	/**
	 * The recorder's loop: it records the results the workers left, as many as are there, in one
	 * transaction. After a database failure it keeps the results (their tasks keep their heartbeat)
	 * and tries again after a pause; once the workers have stopped it tries once more and then leaves
	 * what it could not record to the sweeper, which gives those tasks to another worker.
	 */
	private void record() {
		String owner = this.properties.getInstanceId();
		List<ExecutionStore.Result> batch = new ArrayList<>();
		BackOffExecution backOff = null;
		try {
			while (true) {
				if (batch.isEmpty()) {
					ExecutionStore.Result first = this.results.poll(100, TimeUnit.MILLISECONDS);
					if (first == NO_MORE_RESULTS) {
						return;
					}
					if (first == null) {
						if (this.workersDone && this.results.isEmpty()) {
							return;
						}
						continue;
					}
					batch.add(first);
				}
				this.results.drainTo(batch, 1000);
				boolean end = batch.remove(NO_MORE_RESULTS);
				boolean last = this.workersDone;
				try {
					Set<Long> dropped = this.store.record(batch, owner);
					this.status.succeeded();
					backOff = null;
					for (Long id : dropped) {
						ClaimedTask task = this.running.get(id);
						logger.info("Task " + task.taskName() + " of " + task.executionId() + " was given to another "
								+ "worker while it ran; its result is dropped");
					}
					recorded(batch);
					if (end) {
						return;
					}
				}
				catch (Throwable ex) {
					if (last) {
						logger.warn("Could not record the results of " + batch.size() + " task(s) while stopping; the "
								+ "sweeper gives them to another worker: " + EngineStatus.describe(ex));
						recorded(batch);
						if (end) {
							return;
						}
						continue;
					}
					backOff = (backOff != null) ? backOff : this.backOff.start();
					long pause = backOff.nextBackOff();
					this.status.failed("Recorder of " + owner, ex, Duration.ofMillis(pause));
					if (this.started) {
						pause(pause);
					}
					else {
						Thread.sleep(Math.min(pause, 50));
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void recorded(List<ExecutionStore.Result> batch) {
		for (ExecutionStore.Result result : batch) {
			this.running.remove(result.task().id());
		}
		this.counts.lock();
		try {
			this.unrecorded -= batch.size();
			this.room.signalAll();
		}
		finally {
			this.counts.unlock();
		}
		batch.clear();
	}

	/** Give the claimed tasks that no worker has started back, so another instance runs them at once. */
	private void giveBackWaiting() {
		List<ClaimedTask> unstarted = new ArrayList<>();
		this.waiting.drainTo(unstarted);
		if (unstarted.isEmpty()) {
			return;
		}
		try {
			this.store.release(unstarted, this.properties.getInstanceId());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not give back " + unstarted.size() + " claimed task(s); the sweeper will", ex);
		}
		this.counts.lock();
		try {
			this.unfinished -= unstarted.size();
			this.unrecorded -= unstarted.size();
		}
		finally {
			this.counts.unlock();
		}
		for (ClaimedTask task : unstarted) {
			this.running.remove(task.id());
		}
	}

	private void unreserve(int slots) {
		if (slots == 0) {
			return;
		}
		this.counts.lock();
		try {
			this.unfinished -= slots;
			this.unrecorded -= slots;
			this.room.signalAll();
		}
		finally {
			this.counts.unlock();
		}
	}

	private void signal() {
		this.counts.lock();
		try {
			this.room.signalAll();
		}
		finally {
			this.counts.unlock();
		}
	}

	private void pause(long millis) throws InterruptedException {
		synchronized (this.pauses) {
			if (this.started) {
				this.pauses.wait(millis);
			}
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
		try {
			this.store.heartbeat(List.copyOf(this.running.keySet()), this.properties.getInstanceId());
		}
		catch (RuntimeException ex) {
			logger.debug("Heartbeat of " + this.running.size() + " task(s) failed", ex);
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
