package io.cloacina.database.copy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DatabaseCopy} copied and verified. Its {@link #toString()} is a summary for a log,
 * with passwords masked.
 *
 * @param source the source, as a URL with the password masked
 * @param target the target, as a URL with the password masked
 * @param tables the tables copied, in the order they were copied
 * @param duration how long the copy took, verification included
 * @since 0.1.0
 */
public record CopyReport(String source, String target, List<TableReport> tables, Duration duration) {

	/**
	 * Create a report.
	 */
	public CopyReport {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(target, "target");
		tables = List.copyOf(tables);
		Objects.requireNonNull(duration, "duration");
	}

	/**
	 * The rows copied, all tables together.
	 * @return the number of rows
	 */
	public long rows() {
		return this.tables.stream().mapToLong(TableReport::rows).sum();
	}

	/**
	 * The size of the values copied (text in UTF-16 characters, numbers as 8 bytes, bytes as they
	 * are), all tables together: a measure of the work, not of the files.
	 * @return the number of bytes
	 */
	public long bytes() {
		return this.tables.stream().mapToLong(TableReport::bytes).sum();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		double seconds = Math.max(this.duration.toNanos() / 1e9, 1e-9);
		text.append(String.format("Copied %,d rows of %d tables from %s to %s in %.1f s (%,.0f rows/s, %.1f MB/s);"
				+ " counts and checksums verified", rows(), this.tables.size(), this.source, this.target, seconds,
				rows() / seconds, bytes() / seconds / 1e6));
		for (TableReport table : this.tables) {
			text.append(String.format("%n  %-40s %,14d rows  checksum %s", table.table(), table.rows(), table.checksum()));
		}
		return text.toString();
	}

	/**
	 * One table copied.
	 *
	 * @param table the table's name
	 * @param rows the rows copied, equal in the source and the target
	 * @param bytes the size of its values, as {@link CopyReport#bytes()} counts it
	 * @param checksum the checksum of its converted values, equal in the source and the target: a sum
	 * over rows of SHA-256 of each row's values (so row order does not matter), in hexadecimal
	 */
	public record TableReport(String table, long rows, long bytes, String checksum) {

	}

}
