package io.cloacina.database.copy;

import java.time.Duration;

/**
 * A copy in a process of its own, printing a progress line every 100 ms, for a test to kill.
 */
public final class CopyProcess {

	private CopyProcess() {
	}

	/**
	 * Copy.
	 * @param args the source URL and the target URL
	 */
	public static void main(String[] args) {
		DatabaseCopy.from(args[0])
			.to(args[1])
			.progress(Duration.ofMillis(100), (line) -> System.out.println("PROGRESS " + line.rows() + " " + line))
			.run();
		System.out.println("DONE");
	}

}
