package io.cloacina.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * What the tests that start the packaged sample app as processes share: a free port, and waiting for
 * a condition.
 */
final class Processes {

	private Processes() {
	}

	/**
	 * A port nothing listens on now.
	 * @return the port
	 * @throws IOException if no socket can be opened
	 */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Wait until a condition holds, checking it every 50 ms.
	 * @param condition the condition
	 * @param timeout how long at most
	 * @param what what is awaited, for the failure message
	 * @throws Exception if the condition throws one
	 * @throws AssertionError if the time runs out
	 */
	static void await(Condition condition, Duration timeout, String what) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.met()) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("Timed out waiting for " + what);
	}

	/** A condition that may need I/O to check. */
	interface Condition {

		boolean met() throws Exception;

	}

}
