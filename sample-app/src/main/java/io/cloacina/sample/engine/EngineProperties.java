package io.cloacina.sample.engine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the workflow engine of this instance.
 */
@ConfigurationProperties("sample.engine")
public class EngineProperties {

	/**
	 * Worker threads that claim and run tasks; 0 runs no tasks in this instance.
	 */
	private int workers = 4;

	/**
	 * The most ready tasks claimed in one transaction. The instance holds at most workers +
	 * claim-batch claimed tasks that have not finished: those beyond the workers wait for a free one
	 * (so no worker waits for a claim), and are given back when the instance stops.
	 */
	private int claimBatch = 16;

	/**
	 * How long an idle worker waits before it looks for work again.
	 */
	private Duration pollInterval = Duration.ofMillis(100);

	/**
	 * How often running tasks send a heartbeat.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(1);

	/**
	 * How old a running task's last heartbeat may be before the sweeper gives the task to another
	 * worker.
	 */
	private Duration staleAfter = Duration.ofSeconds(10);

	/**
	 * How often the sweeper (one instance at a time) looks for stale claims.
	 */
	private Duration sweepInterval = Duration.ofSeconds(1);

	/**
	 * Longest pause of a worker or the sweeper after failures in a row: the pause starts at the poll
	 * interval and doubles with each failure up to this.
	 */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/**
	 * Largest execution context a task may leave (as JSON); a task whose output would make it larger
	 * fails its attempt instead.
	 */
	private DataSize maxContextSize = DataSize.ofKilobytes(256);

	/**
	 * The name of this instance in claims; unique per process by default.
	 */
	private String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "-"
			+ UUID.randomUUID().toString().substring(0, 8);

	public int getWorkers() {
		return this.workers;
	}

	public void setWorkers(int workers) {
		this.workers = workers;
	}

	public int getClaimBatch() {
		return this.claimBatch;
	}

	public void setClaimBatch(int claimBatch) {
		this.claimBatch = claimBatch;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getStaleAfter() {
		return this.staleAfter;
	}

	public void setStaleAfter(Duration staleAfter) {
		this.staleAfter = staleAfter;
	}

	public Duration getSweepInterval() {
		return this.sweepInterval;
	}

	public void setSweepInterval(Duration sweepInterval) {
		this.sweepInterval = sweepInterval;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public DataSize getMaxContextSize() {
		return this.maxContextSize;
	}

	public void setMaxContextSize(DataSize maxContextSize) {
		this.maxContextSize = maxContextSize;
	}

	public String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(String instanceId) {
		this.instanceId = instanceId;
	}

}
