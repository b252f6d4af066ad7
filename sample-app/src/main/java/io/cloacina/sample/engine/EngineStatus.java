package io.cloacina.sample.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * What the workers and the sweeper of this instance have run into: how many of them are alive, and
 * the database failures in a row with the last one. It also keeps the log readable during a lasting
 * failure: the first failure of a run is logged with its stack trace, the next ones as one line at most
 * every {@value #SUMMARY_SECONDS} seconds, and the recovery as one line.
 */
@Component
class EngineStatus {

	static final int SUMMARY_SECONDS = 30;

	/** Failures in a row after which the engine reports itself DOWN. */
	static final int DOWN_AFTER_FAILURES = 3;

	private static final Log logger = LogFactory.getLog(WorkflowEngine.class);

	private final AtomicInteger aliveWorkers = new AtomicInteger();

	private int consecutiveFailures;

	private Instant failingSince;

	private String lastError;

	private long lastSummaryNanos;

	private long failuresSinceSummary;

	void workerStarted() {
		this.aliveWorkers.incrementAndGet();
	}

	void workerStopped() {
		this.aliveWorkers.decrementAndGet();
	}

	int aliveWorkers() {
		return this.aliveWorkers.get();
	}

	/**
	 * Record a failed database operation and log it as the policy above says.
	 * @param what what failed, e.g. "Worker of instance-1"
	 * @param failure the failure
	 * @param nextTry how long the caller waits before it tries again
	 */
	synchronized void failed(String what, Throwable failure, Duration nextTry) {
		this.consecutiveFailures++;
		this.lastError = describe(failure);
		long now = System.nanoTime();
		if (this.consecutiveFailures == 1) {
			this.failingSince = Instant.now();
			this.lastSummaryNanos = now;
			this.failuresSinceSummary = 0;
			logger.warn(what + " failed; it retries with growing pauses (the next failures are summed up every "
					+ SUMMARY_SECONDS + " s)", failure);
			return;
		}
		this.failuresSinceSummary++;
		if (now - this.lastSummaryNanos >= Duration.ofSeconds(SUMMARY_SECONDS).toNanos()) {
			logger.warn(this.consecutiveFailures + " database operations in a row failed since " + this.failingSince
					+ " (" + this.failuresSinceSummary + " in the last " + SUMMARY_SECONDS + " s); last: " + this.lastError
					+ "; next try of " + what + " in " + nextTry.toMillis() + " ms");
			this.lastSummaryNanos = now;
			this.failuresSinceSummary = 0;
		}
	}

	/** Record a database operation that worked: ends a run of failures. */
	void succeeded() {
		if (this.consecutiveFailures == 0) {
			return;
		}
		synchronized (this) {
			if (this.consecutiveFailures > 0) {
				logger.info("The database works again after " + this.consecutiveFailures + " failure(s) in a row since "
						+ this.failingSince);
				this.consecutiveFailures = 0;
				this.failingSince = null;
				this.lastError = null;
			}
		}
	}

	synchronized Snapshot snapshot() {
		return new Snapshot(this.aliveWorkers.get(), this.consecutiveFailures, this.failingSince, this.lastError);
	}

	static String describe(Throwable failure) {
		String message = failure.getClass().getSimpleName() + ": "
				+ NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
		return (message.length() <= 500) ? message : message.substring(0, 500) + "…";
	}

	record Snapshot(int aliveWorkers, int consecutiveFailures, Instant failingSince, String lastError) {

	}

}
