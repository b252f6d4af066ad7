package io.cloacina.database.copy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress line of a {@link DatabaseCopy}.
 */
class CopyProgressTests {

	@Test
	void aLineSaysRowsTablesRateAndTimeLeft() {
		CopyProgress progress = new CopyProgress("sqlite:data/app.db", "postgresql://app:****@db/app",
				CopyProgress.Phase.COPYING, "task_execution", 2, 7, 1_000_000, 4_000_000, 500_000_000, Duration.ofSeconds(20));

		assertThat(progress.remaining()).contains(Duration.ofSeconds(60));
		assertThat(progress).hasToString("Copying sqlite:data/app.db to postgresql://app:****@db/app: 1,000,000 of "
				+ "4,000,000 rows (25.0 %), table 3 of 7 (task_execution), 50,000 rows/s, 25.0 MB/s, about 1 min 00 s left");
	}

	@Test
	void noTimeLeftOnceEveryRowIsDoneAndNoneBeforeTheFirst() {
		CopyProgress done = new CopyProgress("a", "b", CopyProgress.Phase.VERIFYING, "t", 1, 1, 10, 10, 80,
				Duration.ofSeconds(1));
		CopyProgress none = new CopyProgress("a", "b", CopyProgress.Phase.COPYING, "t", 0, 1, 0, 10, 0, Duration.ZERO);

		assertThat(done.toString()).startsWith("Verifying a to b: 10 of 10 rows (100.0 %)").doesNotContain("left");
		assertThat(none.remaining()).isEmpty();
		assertThat(none.toString()).doesNotContain("left");
	}

}
