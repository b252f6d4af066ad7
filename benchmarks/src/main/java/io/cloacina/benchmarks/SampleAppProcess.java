package io.cloacina.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged sample app ({@code sample-app/target/cloacina-sample-app.jar}, which {@code run.sh}
 * builds) started as a process of its own, as a user runs it, for the harnesses that measure it.
 */
final class SampleAppProcess {

	static final Path JAR = Path.of("sample-app/target/cloacina-sample-app.jar");

	private static final HttpClient http = HttpClient.newHttpClient();

	private SampleAppProcess() {
	}

	/**
	 * Start the sample app on a port and wait until it serves requests ({@code GET /api/workflows}
	 * answers 200).
	 * @param port the port
	 * @param log where its output goes (kept: the exception names it when it fails)
	 * @param timeout how long it may take to start
	 * @param arguments its command-line arguments, besides {@code --server.port}
	 * @return the process
	 * @throws IllegalStateException if it exits or does not start in time (it is then stopped)
	 */
	static Process start(int port, Path log, Duration timeout, List<String> arguments) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString(), "--server.port=" + port));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/workflows")).build(),
						HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					return process;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The sample app exited; see " + log);
			}
			Thread.sleep(200);
		}
		process.destroyForcibly();
		throw new IllegalStateException("The sample app did not start in " + timeout.toSeconds() + " s; see " + log);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
