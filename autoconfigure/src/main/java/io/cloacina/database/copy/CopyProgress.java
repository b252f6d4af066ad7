package io.cloacina.database.copy;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a running {@link DatabaseCopy} is, for a progress line: its {@link #toString()} is one, with
 * passwords masked.
 *
 * @param source the source, as a URL with the password masked
 * @param target the target, as a URL with the password masked
 * @param phase what the copy is doing
 * @param table the table being copied or verified
 * @param tablesDone the tables done so far
 * @param tablesTotal the tables to copy
 * @param rows the rows done so far (copied, or verified in the verification phase)
 * @param totalRows the rows to copy, counted before the copy started
 * @param bytes the size of the values done so far, as {@link CopyReport#bytes()} counts it
 * @param elapsed the time since the phase started
 * @since 0.1.0
 */
public record CopyProgress(String source, String target, Phase phase, String table, int tablesDone,
		int tablesTotal, long rows, long totalRows, long bytes, Duration elapsed) {

	/**
	 * The time left in this phase at the rate so far, once there is a rate.
	 * @return the estimate, or empty
	 */
	public Optional<Duration> remaining() {
		if (this.rows <= 0 || this.elapsed.isZero()) {
			return Optional.empty();
		}
		double perRow = (double) this.elapsed.toNanos() / this.rows;
		return Optional.of(Duration.ofNanos((long) (perRow * Math.max(0, this.totalRows - this.rows))));
	}

	@Override
	public String toString() {
		double seconds = Math.max(this.elapsed.toNanos() / 1e9, 1e-9);
		String percent = (this.totalRows > 0) ? String.format(" (%.1f %%)", 100.0 * this.rows / this.totalRows) : "";
		String left = remaining().filter((duration) -> !duration.isZero())
			.map((duration) -> ", about " + human(duration) + " left")
			.orElse("");
		return String.format("%s %s to %s: %,d of %,d rows%s, table %d of %d (%s), %,.0f rows/s, %.1f MB/s%s",
				(this.phase == Phase.COPYING) ? "Copying" : "Verifying", this.source, this.target, this.rows,
				this.totalRows, percent, Math.min(this.tablesDone + 1, this.tablesTotal), this.tablesTotal,
				this.table, this.rows / seconds, this.bytes / seconds / 1e6, left);
	}

	private static String human(Duration duration) {
		long seconds = Math.max(1, duration.toSeconds());
		return (seconds >= 3600) ? String.format("%d h %02d min", seconds / 3600, (seconds / 60) % 60)
				: (seconds >= 60) ? String.format("%d min %02d s", seconds / 60, seconds % 60) : seconds + " s";
	}

	/** What a copy is doing. */
	public enum Phase {

		/** Reading the source and writing the target. */
		COPYING,

		/** Reading the target back inside the copy's transaction, before it commits. */
		VERIFYING

	}

}
